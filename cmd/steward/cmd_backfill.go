package main

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"github.com/stewardhq/steward/jobs"
)

func (a *app) backfillCmd() *cobra.Command {
	var from, to string
	var window time.Duration
	var dryRun bool
	cmd := &cobra.Command{
		Use:   "backfill JOB --from TIME --to TIME",
		Short: "Re-read a window of history without moving the live watermark",
		Long: `backfill re-reads [--from, --to) of a job's source in windows of --window,
each with its own cursor, so the live watermark never moves and a killed backfill
resumes where it stopped when run again with the same range. Changed records are
staged and written back as in any run. --dry-run prints the windows and how many
records and page requests each would take, and changes nothing. Times are
RFC 3339 or YYYY-MM-DD (UTC).`,
		Example: "  steward backfill products --from 2026-01-01 --to 2026-02-01 --dry-run\n  steward backfill prices --from 2026-01-01T00:00:00Z --to 2026-01-08T00:00:00Z --window 24h",
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			lo, err := parseTime("--from", from)
			if err != nil {
				return err
			}
			hi, err := parseTime("--to", to)
			if err != nil {
				return err
			}
			if !lo.Before(hi) || window <= 0 {
				return usage("--from must be before --to, and --window positive")
			}
			r, closeFn, err := a.runner(cmd.Context())
			if err != nil {
				return err
			}
			defer closeFn()
			if _, ok := r.Config.Job(args[0]); !ok {
				return usage("no job %q in %s", args[0], r.Config.Path)
			}
			plan, err := r.PlanBackfill(cmd.Context(), args[0], lo, hi, window, dryRun)
			if err != nil {
				return err
			}
			if dryRun {
				a.printPlan(plan)
				return nil
			}
			total, err := r.Backfill(cmd.Context(), plan, a.progress())
			a.printf("\nbackfill %s: read %d, staged %d, unchanged %d, written %d, rejected %d, quarantined %d\n",
				plan.Job, total.Read, total.Staged, total.Unchanged, total.Written, total.Rejected, total.Quarantined)
			return err
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "start of the range (inclusive)")
	cmd.Flags().StringVar(&to, "to", "", "end of the range (exclusive)")
	cmd.Flags().DurationVar(&window, "window", 24*time.Hour, "size of one window")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print the windows and request counts; change nothing")
	return cmd
}

func parseTime(flag, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, usage("%s is required", flag)
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return t, nil
		}
	}
	return time.Time{}, usage("%s %q: want RFC 3339 (2026-01-02T15:04:05Z) or YYYY-MM-DD", flag, s)
}

func (a *app) printPlan(p jobs.BackfillPlan) {
	a.printf("backfill %s from %s to %s: %d windows (dry run; nothing changed)\n", p.Job, p.From.Format(time.RFC3339), p.To.Format(time.RFC3339), len(p.Windows))
	records, requests, known, estimated := 0, 0, true, false
	for _, w := range p.Windows {
		switch {
		case w.Done:
			a.printf("  %s → %s  done already, skipped\n", w.From.Format(time.RFC3339), w.To.Format(time.RFC3339))
		case w.Records < 0:
			known = false
			a.printf("  %s → %s  records unknown (the source cannot count)\n", w.From.Format(time.RFC3339), w.To.Format(time.RFC3339))
		default:
			records += w.Records
			requests += w.Requests
			estimated = estimated || w.FromJobPageSize
			a.printf("  %s → %s  %d records, %d page requests\n", w.From.Format(time.RFC3339), w.To.Format(time.RFC3339), w.Records, w.Requests)
		}
	}
	if known {
		a.printf("total: %d records, %d page requests (plus authentication and write-back)\n", records, requests)
	}
	if known && estimated {
		a.printf("page requests are estimated from the job's page size; the server may page smaller\n")
	}
}

// progress draws a bar on a terminal, and nothing otherwise (the log has it).
func (a *app) progress() func(jobs.BackfillProgress) {
	f, ok := a.stderr.(*os.File)
	if !ok || !isatty.IsTerminal(f.Fd()) {
		return nil
	}
	return func(p jobs.BackfillProgress) {
		const width = 30
		done := width * (p.Window - 1) / max(p.Windows, 1)
		bar := strings.Repeat("#", done) + strings.Repeat("-", width-done)
		fmt.Fprintf(f, "\r[%s] window %d/%d  read %d  staged %d  written %d ", bar, p.Window, p.Windows, p.Counts.Read, p.Counts.Staged, p.Counts.Written)
	}
}
