package console

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/internal/webauth"
)

// runsPageSize is how many runs one page of history lists.
const runsPageSize = 50

var (
	runStatuses = []string{store.StatusRunning, store.StatusSucceeded, store.StatusFailed, store.StatusPartial}
	runTriggers = []string{store.TriggerSchedule, store.TriggerManual, store.TriggerBackfill, store.TriggerWebhook}
)

func (s *Server) runRoutes() []Route {
	return []Route{
		{Pattern: "GET /runs", Role: webauth.Viewer, Handler: http.HandlerFunc(s.runsPage)},
		{Pattern: "GET /runs/{id}", Role: webauth.Viewer, Handler: http.HandlerFunc(s.runPage)},
		{Pattern: "POST /runs/{id}/replay", Role: webauth.Operator, Handler: http.HandlerFunc(s.runReplay)},
		{Pattern: "POST /runs/{id}/discard", Role: webauth.Operator, Handler: http.HandlerFunc(s.runDiscard)},
	}
}

// runsData is a page of run history.
type runsData struct {
	F        store.RunFilter
	Query    url.Values
	Jobs     []string
	Statuses []string
	Triggers []string
	Runs     []runRow
	// Next is the id the next page starts below (0 on the last page).
	Next int64
}

// runRow is a run as the pages show it.
type runRow struct {
	store.Run
	// Duration is how long it ran (so far, while running).
	Duration string
	// Window is "live" or a backfill's window.
	Window string
	// Error is the run's error with credentials taken out of any URL, and
	// Brief its first line, cut to fit a table cell.
	Error, Brief string
	// Wait is the time the run waited on rate limits.
	Wait time.Duration
}

// Link is the runs page with key set to value in the current filter.
func (d runsData) Link(key, value string) template.URL {
	return queryLink("/runs", d.Query, key, value)
}

// parseRunFilter reads the filter from the query; an unknown status or
// trigger, or a page cursor that is not a run id, is an error naming it.
func parseRunFilter(q url.Values) (store.RunFilter, error) {
	f := store.RunFilter{Job: q.Get("job"), Status: q.Get("status"), Trigger: q.Get("trigger"), Limit: runsPageSize + 1}
	if f.Status != "" && !slices.Contains(runStatuses, f.Status) {
		return f, fmt.Errorf("filter status: %q is not a run status (%s)", f.Status, strings.Join(runStatuses, ", "))
	}
	if f.Trigger != "" && !slices.Contains(runTriggers, f.Trigger) {
		return f, fmt.Errorf("filter trigger: %q is not a run trigger (%s)", f.Trigger, strings.Join(runTriggers, ", "))
	}
	if b := q.Get("before"); b != "" {
		id, err := strconv.ParseInt(b, 10, 64)
		if err != nil || id <= 0 {
			return f, fmt.Errorf("page cursor before: %q is not a run id", b)
		}
		f.BeforeID = id
	}
	return f, nil
}

func (s *Server) runsPage(w http.ResponseWriter, r *http.Request) {
	f, err := parseRunFilter(r.URL.Query())
	if err != nil {
		s.fail(w, r, http.StatusBadRequest, err)
		return
	}
	d := runsData{F: f, Query: r.URL.Query(), Statuses: runStatuses, Triggers: runTriggers}
	if d.Jobs, err = s.deps.Runs.RunJobs(r.Context()); err != nil {
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	runs, err := s.deps.Runs.RunPage(r.Context(), f)
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	if len(runs) > runsPageSize {
		runs = runs[:runsPageSize]
		d.Next = runs[len(runs)-1].ID
	}
	for _, run := range runs {
		d.Runs = append(d.Runs, s.rowOf(run))
	}
	s.render(w, r, "runs", d)
}

// rowOf adds a run's duration and window.
func (s *Server) rowOf(run store.Run) runRow {
	row := runRow{Run: run, Window: windowOf(run.Stream), Error: safeText(run.Error),
		Wait: time.Duration(run.RateLimitWaitMS) * time.Millisecond}
	row.Brief = brief(row.Error, 90)
	start, err := time.Parse(time.RFC3339Nano, run.StartedAt)
	if err != nil {
		return row
	}
	end := s.now()
	if run.EndedAt.Valid {
		if end, err = time.Parse(time.RFC3339Nano, run.EndedAt.String); err != nil {
			return row
		}
	}
	row.Duration = end.Sub(start).Round(time.Millisecond).String()
	if !run.EndedAt.Valid {
		row.Duration += " so far"
	}
	return row
}

// windowOf words a run's cursor stream: "live", or a backfill's window.
func windowOf(stream string) string {
	w, ok := strings.CutPrefix(stream, "backfill:")
	if !ok {
		return stream
	}
	from, to, _ := strings.Cut(w, "/")
	return "backfill " + from + " to " + to
}

// brief is the first line of text, cut to at most n characters.
func brief(text string, n int) string {
	line, _, cut := strings.Cut(text, "\n")
	if r := []rune(line); len(r) > n {
		line, cut = string(r[:n]), true
	}
	if cut {
		line += "…"
	}
	return line
}
