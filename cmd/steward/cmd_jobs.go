package main

import (
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/jobs"
)

func (a *app) jobsCmd() *cobra.Command {
	return &cobra.Command{
		Use:     "jobs",
		Short:   "List jobs with their cadence, last run and next three run times",
		Example: "  steward jobs --config steward.yaml",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f, st, err := a.openReadStore(cmd.Context())
			if errors.Is(err, store.ErrNoState) {
				f, err = a.loadConfigForReading() // no run yet: every job shows "never"
			}
			if err != nil {
				return err
			}
			if st != nil {
				defer st.Close()
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "JOB\tTYPE\tENABLED\tCADENCE\tLAST RUN\tNEXT RUNS")
			now := time.Now()
			for _, j := range f.Jobs {
				last, err := lastRunText(cmd, st, j.Name)
				if err != nil {
					return err
				}
				next, err := jobs.NextRuns(j, now, 3)
				if err != nil {
					return err
				}
				times := make([]string, len(next))
				loc, _ := time.LoadLocation(j.TimeZone)
				for i, t := range next {
					times[i] = t.In(loc).Format("2006-01-02 15:04 MST")
				}
				fmt.Fprintf(tw, "%s\t%s\t%t\t%s (%s)\t%s\t%s\n", j.Name, j.DataType, j.IsEnabled(), j.Cadence, j.TimeZone, last, strings.Join(times, ", "))
			}
			return tw.Flush()
		},
	}
}

func lastRunText(cmd *cobra.Command, st runReader, job string) (string, error) {
	if st == nil {
		return "never", nil
	}
	r, ok, err := st.LastRun(cmd.Context(), job)
	if err != nil || !ok {
		return "never", err
	}
	started, err := time.Parse(time.RFC3339Nano, r.StartedAt)
	if err != nil {
		return "", fmt.Errorf("run %d: start time %q: %w", r.ID, r.StartedAt, err)
	}
	return fmt.Sprintf("#%d %s at %s", r.ID, r.Status, started.Local().Format("2006-01-02 15:04:05 MST")), nil
}
