package main

import (
	"errors"
	"strings"

	"github.com/spf13/cobra"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/jobs"
	"github.com/stewardhq/steward/transform"
)

func (a *app) runCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "run JOB...",
		Short: "Run jobs once, now, in the order given",
		Long: `run makes one run of each named job: extract, stage, transform, write back,
snapshot. A job that another process is running is refused and the holder named.
The exit code is 1 if any run failed or ended partial.`,
		Example: "  steward run prices\n  steward run prices products --config /etc/steward/steward.yaml",
		Args:    cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			batchGC()
			r, closeFn, err := a.runner(cmd.Context())
			if err != nil {
				return err
			}
			defer closeFn()
			for _, name := range args {
				if _, ok := r.Config.Job(name); !ok {
					return usage("no job %q in %s", name, r.Config.Path)
				}
			}
			var errs []error
			for _, name := range args {
				res, err := r.Run(cmd.Context(), jobs.Request{Job: name, Trigger: store.TriggerManual})
				var held *store.LockError
				if errors.As(err, &held) {
					a.printf("%s: not started — the job is held by run %d (pid %d on %s since %s)\n", name, held.RunID, held.PID, held.Host, held.Since)
					errs = append(errs, err)
					continue
				}
				a.printf("%s: run %d %s — read %d, staged %d, unchanged %d, written %d, rejected %d, quarantined %d\n",
					name, res.RunID, orDash(res.Status), res.Counts.Read, res.Counts.Staged, res.Counts.Unchanged,
					res.Counts.Written, res.Counts.Rejected, res.Counts.Quarantined)
				job, _ := r.Config.Job(name)
				a.printIdentity(job, res.Identity)
				if err != nil {
					errs = append(errs, err)
				}
				if cmd.Context().Err() != nil {
					break
				}
			}
			return errors.Join(errs...)
		},
	}
}

func orDash(s string) string {
	if s == "" {
		return "not started"
	}
	return s
}

// printIdentity prints what identity resolution found where the job
// configures matching, and always when a record was ambiguous (it escalated).
func (a *app) printIdentity(job config.Job, id transform.MatchReport) {
	if (job.Transform != nil && id.New+id.Matched > 0) || id.Ambiguous > 0 {
		a.printf("  %s\n", strings.ReplaceAll(id.String(), "\n", "\n  "))
	}
}
