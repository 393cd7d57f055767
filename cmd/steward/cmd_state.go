package main

import (
	"github.com/spf13/cobra"
)

func (a *app) stateCmd() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "state",
		Short:   "Show or reset a job's cursors",
		Example: "  steward state show prices\n  steward state reset prices",
	}
	cmd.AddCommand(&cobra.Command{
		Use:     "show JOB",
		Short:   "Print a job's stored cursors (live and backfill streams)",
		Example: "  steward state show products",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, st, err := a.openStore(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			if _, ok := f.Job(args[0]); !ok {
				return usage("no job %q in %s", args[0], f.Path)
			}
			cursors, err := st.RawCursors(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			if len(cursors) == 0 {
				a.printf("%s: no state (the next run reads from the beginning)\n", args[0])
			}
			for stream, c := range cursors {
				a.printf("%s\t%s\t%s\n", args[0], stream, c)
			}
			return nil
		},
	})
	cmd.AddCommand(&cobra.Command{
		Use:     "reset JOB",
		Short:   "Delete a job's cursors so its next run reads everything again",
		Example: "  steward state reset products",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, st, err := a.openStore(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			if _, ok := f.Job(args[0]); !ok {
				return usage("no job %q in %s", args[0], f.Path)
			}
			n, err := st.ResetState(cmd.Context(), args[0])
			if err != nil {
				return err
			}
			a.printf("%s: removed %d cursor(s)\n", args[0], n)
			return nil
		},
	})
	return cmd
}
