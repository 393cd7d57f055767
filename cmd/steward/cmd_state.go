package main

import (
	"github.com/spf13/cobra"

	"github.com/stewardhq/steward/internal/store"
)

// withJobStore opens the store after checking that job is configured.
func (a *app) withJobStore(cmd *cobra.Command, job string, fn func(*store.Store) error) error {
	f, st, err := a.openStore(cmd.Context())
	if err != nil {
		return err
	}
	defer st.Close()
	if _, ok := f.Job(job); !ok {
		return usage("no job %q in %s", job, f.Path)
	}
	return fn(st)
}

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
			return a.withJobStore(cmd, args[0], func(st *store.Store) error {
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
			})
		},
	})
	cmd.AddCommand(&cobra.Command{
		Use:     "reset JOB",
		Short:   "Delete a job's cursors so its next run reads everything again",
		Example: "  steward state reset products",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.withJobStore(cmd, args[0], func(st *store.Store) error {
				n, err := st.ResetState(cmd.Context(), args[0])
				if err == nil {
					a.printf("%s: removed %d cursor(s)\n", args[0], n)
				}
				return err
			})
		},
	})
	return cmd
}
