package main

import (
	"fmt"
	"strconv"
	"text/tabwriter"

	"github.com/spf13/cobra"
)

func (a *app) dlqCmd() *cobra.Command {
	var job string
	cmd := &cobra.Command{
		Use:     "dlq",
		Short:   "List or replay writes a target rejected",
		Example: "  steward dlq list\n  steward dlq replay --job prices\n  steward dlq replay 12 13",
	}
	cmd.PersistentFlags().StringVar(&job, "job", "", "only this job")
	var limit int
	list := &cobra.Command{
		Use:     "list",
		Short:   "List dead letters not yet replayed, with the target's reason",
		Example: "  steward dlq list --job prices",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, st, err := a.openReadStore(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			dls, err := st.DeadLetters(cmd.Context(), job, limit)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tJOB\tTARGET\tEXTERNAL ID\tRUN\tATTEMPTS\tREASON")
			for _, d := range dls {
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%d\t%d\t%s\n", d.ID, d.Job, d.Target, d.ExternalID, d.RunID, d.Attempts, d.Reason)
			}
			return tw.Flush()
		},
	}
	list.Flags().IntVar(&limit, "limit", 100, "how many")
	replay := &cobra.Command{
		Use:   "replay [ID...]",
		Short: "Put dead letters back into the outbox; the job's next run writes them again",
		Long: `replay marks the named dead letters (or all of --job, or all) as pending
writes again. Nothing is sent until the job runs next.`,
		Example: "  steward dlq replay --job prices && steward run prices",
		RunE: func(cmd *cobra.Command, args []string) error {
			var ids []int64
			for _, s := range args {
				id, err := strconv.ParseInt(s, 10, 64)
				if err != nil {
					return usage("dead letter id %q is not a number", s)
				}
				ids = append(ids, id)
			}
			_, st, err := a.openStore(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			n, err := st.ReplayDeadLetters(cmd.Context(), job, ids)
			if err != nil {
				return err
			}
			a.printf("%d dead letter(s) queued again; they are written on the job's next run\n", n)
			return nil
		},
	}
	cmd.AddCommand(list, replay)
	return cmd
}
