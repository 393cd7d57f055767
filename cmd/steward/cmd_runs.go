package main

import (
	"encoding/json"
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"
)

func (a *app) runsCmd() *cobra.Command {
	var job string
	var limit int
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "runs",
		Short:   "Show run history, newest first",
		Example: "  steward runs\n  steward runs --job prices --limit 5\n  steward runs --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			_, st, err := a.openStore(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			runs, err := st.ListRuns(cmd.Context(), job, limit)
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(runs)
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "RUN\tJOB\tTRIGGER\tSTARTED\tSTATUS\tREAD\tSTAGED\tUNCHANGED\tWRITTEN\tREJECTED\tQUARANTINED\tERROR")
			for _, r := range runs {
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%s\n", r.ID, r.Job, r.Trigger, r.StartedAt, r.Status,
					r.Read, r.Staged, r.Unchanged, r.Written, r.Rejected, r.Quarantined, r.Error)
			}
			return tw.Flush()
		},
	}
	cmd.Flags().StringVar(&job, "job", "", "only this job")
	cmd.Flags().IntVar(&limit, "limit", 20, "how many runs")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}
