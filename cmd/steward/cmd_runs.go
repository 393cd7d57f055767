package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/stewardhq/steward/internal/store"
)

func (a *app) runsCmd() *cobra.Command {
	var job string
	var limit int
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "runs",
		Short: "Show run history, newest first",
		Long: `runs lists the run history, newest first: what started each run (TRIGGER:
schedule, manual, backfill, or webhook for a vendor webhook received by
steward serve), when it started (local time), how long it took, the backfill
window it read (- for live runs), its counts, the retries its HTTP requests
needed and its error on one line, shortened in the table. --json prints every
field in full, times in UTC, with the run's HTTP figures: requests (attempts
sent), retries, throttled (429 answers), server_errors (5xx answers) and
rate_limit_wait_ms (time spent waiting on rate limits).`,
		Example: "  steward runs\n  steward runs --job prices --limit 5\n  steward runs --json",
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if limit <= 0 {
				return usage("--limit %d: want a positive number", limit)
			}
			f, st, err := a.openReadStore(cmd.Context())
			if err != nil {
				return err
			}
			defer st.Close()
			if err := checkJob(f, job); err != nil {
				return err
			}
			runs, err := st.ListRuns(cmd.Context(), job, limit)
			if err != nil {
				return err
			}
			if asJSON {
				return a.printRunsJSON(runs)
			}
			return a.printRunsTable(runs, time.Local)
		},
	}
	cmd.Flags().StringVar(&job, "job", "", "only this job")
	cmd.Flags().IntVar(&limit, "limit", 20, "how many runs")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// errorWidth is how many characters of a run's error the table shows.
const errorWidth = 100

func (a *app) printRunsTable(runs []store.Run, loc *time.Location) error {
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RUN\tJOB\tTRIGGER\tSTARTED\tDURATION\tWINDOW\tSTATUS\tREAD\tSTAGED\tUNCHANGED\tWRITTEN\tREJECTED\tQUARANTINED\tDELETED\tRETRIES\tERROR")
	for _, r := range runs {
		started, _ := time.Parse(time.RFC3339Nano, r.StartedAt)
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%s\n", r.ID, r.Job, r.Trigger,
			started.In(loc).Format("2006-01-02 15:04:05 MST"), runDuration(r), windowText(r.Stream, loc), r.Status,
			r.Read, r.Staged, r.Unchanged, r.Written, r.Rejected, r.Quarantined, r.Deleted, r.Retries, clipText(oneLine(r.Error), errorWidth))
	}
	return tw.Flush()
}

// runJSON is a run as runs --json prints it.
type runJSON struct {
	store.Run
	StartedAt  string      `json:"started_at"`
	EndedAt    string      `json:"ended_at,omitempty"`
	DurationMS *int64      `json:"duration_ms,omitempty"`
	Window     *windowJSON `json:"window,omitempty"`
}

type windowJSON struct {
	From string `json:"from"`
	To   string `json:"to"`
}

func (a *app) printRunsJSON(runs []store.Run) error {
	out := make([]runJSON, 0, len(runs))
	for _, r := range runs {
		v := runJSON{Run: r, StartedAt: utcSeconds(r.StartedAt)}
		if r.EndedAt.Valid {
			v.EndedAt = utcSeconds(r.EndedAt.String)
			if d, ok := runLength(r); ok {
				ms := d.Milliseconds()
				v.DurationMS = &ms
			}
		}
		if from, to, ok := backfillWindow(r.Stream); ok {
			v.Window = &windowJSON{From: from.Format(time.RFC3339), To: to.Format(time.RFC3339)}
		}
		out = append(out, v)
	}
	enc := json.NewEncoder(a.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// utcSeconds rewrites a stored time as RFC 3339 in UTC to the second.
func utcSeconds(s string) string {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return s
	}
	return t.UTC().Truncate(time.Second).Format(time.RFC3339)
}

// localSeconds shows a stored time in the local zone to the second, with the
// zone's name, as the tables do.
func localSeconds(s string) string {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return s
	}
	return t.In(time.Local).Format("2006-01-02 15:04:05 MST")
}

func runLength(r store.Run) (time.Duration, bool) {
	start, err1 := time.Parse(time.RFC3339Nano, r.StartedAt)
	end, err2 := time.Parse(time.RFC3339Nano, r.EndedAt.String)
	return end.Sub(start), r.EndedAt.Valid && err1 == nil && err2 == nil
}

// runDuration is how long a run took, to the second ("running" while it runs).
func runDuration(r store.Run) string {
	d, ok := runLength(r)
	switch {
	case !ok:
		return "running"
	case d < time.Second:
		return "<1s"
	}
	return d.Round(time.Second).String()
}

// backfillWindow parses a backfill stream name, backfill:FROM/TO.
func backfillWindow(stream string) (from, to time.Time, ok bool) {
	rest, found := strings.CutPrefix(stream, "backfill:")
	lo, hi, cut := strings.Cut(rest, "/")
	if !found || !cut {
		return from, to, false
	}
	from, err1 := time.Parse(time.RFC3339, lo)
	to, err2 := time.Parse(time.RFC3339, hi)
	return from, to, err1 == nil && err2 == nil
}

func windowText(stream string, loc *time.Location) string {
	from, to, ok := backfillWindow(stream)
	if !ok {
		return "-"
	}
	const layout = "2006-01-02 15:04"
	return from.In(loc).Format(layout) + " → " + to.In(loc).Format(layout)
}

// oneLine puts a multi-line text on one line, runs of white space becoming one space.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
