package console

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"sort"
	"time"

	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/quality"
)

// Trend limits: the checks read, and the lines per chart.
const (
	trendRuns  = 1000
	trendLines = 8
)

// trendData is the trend page: a job's checks over time.
type trendData struct {
	Jobs     []string
	Job      string
	Backfill bool
	Points   []store.QualityPoint
	Overall  chart
	Rules    chart
	Families chart
}

func (s *Server) trendPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	d := trendData{Job: q.Get("job"), Backfill: q.Get("backfill") != ""}
	ctx := r.Context()
	var err error
	if d.Jobs, err = s.deps.Quality.QualityJobs(ctx); err != nil {
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	if d.Job == "" {
		latest, ok, err := s.deps.Quality.LatestQuality(ctx, "")
		if err != nil {
			s.fail(w, r, http.StatusInternalServerError, err)
			return
		}
		if ok {
			d.Job = latest.Job
		}
	}
	if d.Job != "" {
		if d.Points, err = s.deps.Quality.QualityHistory(ctx, d.Job, d.Backfill, trendRuns); err != nil {
			s.fail(w, r, http.StatusInternalServerError, err)
			return
		}
	}
	if err := d.draw(); err != nil {
		s.fail(w, r, http.StatusInternalServerError, err)
		return
	}
	s.render(w, r, "quality_trend", d)
}

// draw builds the three charts from the points' stored summaries, in the
// order they were checked (a backfill's check may come after a later live
// one's in run order).
func (d *trendData) draw() error {
	sort.SliceStable(d.Points, func(i, j int) bool { return checkedAt(d.Points[i]).Before(checkedAt(d.Points[j])) })
	times := make([]time.Time, len(d.Points))
	sums := make([]quality.Summary, len(d.Points))
	overall := series{Name: "score"}
	for i, p := range d.Points {
		t, err := time.Parse(time.RFC3339Nano, p.GeneratedAt)
		if err != nil {
			return fmt.Errorf("quality run %d: generated at %q is not a time: %w", p.RunID, p.GeneratedAt, err)
		}
		times[i] = t.UTC()
		if err := json.Unmarshal([]byte(p.Summary), &sums[i]); err != nil {
			return fmt.Errorf("read the summary of quality run %d: %w", p.RunID, err)
		}
		overall.Values = append(overall.Values, p.Score)
		overall.Hollow = append(overall.Hollow, p.Trigger == store.TriggerBackfill)
	}
	d.Overall = newChart("Score of "+d.Job, 1200, times, []series{overall}, 100, " %")
	rules, maxV := ruleSeries(sums, overall.Hollow)
	d.Rules = newChart("Violations per rule", 720, times, rules, maxV, "")
	d.Families = newChart("Score per family", 720, times, familySeries(sums, overall.Hollow), 100, " %")
	return nil
}

// ruleSeries returns the violations per rule of the rules most broken in the
// newest check, and the largest count.
func ruleSeries(sums []quality.Summary, hollow []bool) ([]series, float64) {
	pick := func(s quality.Summary) map[string]float64 {
		m := map[string]float64{}
		for _, r := range s.Rules {
			m[r.ID] = float64(r.Violations)
		}
		return m
	}
	ss := seriesOf(sums, hollow, pick, func(a, b float64) bool { return a > b })
	maxV := 0.0
	for _, s := range ss {
		for _, v := range s.Values {
			if !math.IsNaN(v) {
				maxV = math.Max(maxV, v)
			}
		}
	}
	return ss, maxV
}

// familySeries returns the score per family of the families scoring lowest
// in the newest check.
func familySeries(sums []quality.Summary, hollow []bool) []series {
	pick := func(s quality.Summary) map[string]float64 {
		m := map[string]float64{}
		for _, g := range s.Families {
			m[g.Name] = g.Score
		}
		return m
	}
	return seriesOf(sums, hollow, pick, func(a, b float64) bool { return a < b })
}

// seriesOf builds one series per name pick finds, keeping the trendLines
// names whose newest values come first by worse; a check without the name
// leaves a gap (NaN).
func seriesOf(sums []quality.Summary, hollow []bool, pick func(quality.Summary) map[string]float64, worse func(a, b float64) bool) []series {
	if len(sums) == 0 {
		return nil
	}
	vals := make([]map[string]float64, len(sums))
	for i, s := range sums {
		vals[i] = pick(s)
	}
	last := vals[len(vals)-1]
	var names []string
	for n := range last {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		a, b := last[names[i]], last[names[j]]
		if a != b {
			return worse(a, b)
		}
		return names[i] < names[j]
	})
	if len(names) > trendLines {
		names = names[:trendLines]
	}
	out := make([]series, len(names))
	for k, n := range names {
		out[k] = series{Name: n, Hollow: hollow}
		for _, m := range vals {
			v, ok := m[n]
			if !ok {
				v = math.NaN()
			}
			out[k].Values = append(out[k].Values, v)
		}
	}
	return out
}

// checkedAt is when a check ran (the zero time when unreadable; draw
// reports that).
func checkedAt(p store.QualityPoint) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, p.GeneratedAt)
	return t
}
