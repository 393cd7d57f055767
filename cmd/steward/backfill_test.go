package main

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/sandbox"
	"github.com/stewardhq/steward/jobs"
)

// TestBackfillDerivesOnceAndReachesTheEnd: a backfill of five windows makes
// one snapshot, one quality check and one set of reports (at its end), and its
// progress ends at 100 % with the rate, elapsed time and ETA shown.
func TestBackfillDerivesOnceAndReachesTheEnd(t *testing.T) {
	t.Parallel()
	sb, cfg := startSandboxWith(t, 600, 21, sandbox.ConfigOptions{Generator: "template"})
	f, err := config.Load(cfg, known())
	if err != nil {
		t.Fatal(err)
	}
	st := openState(t, cfg)
	r := &jobs.Runner{Config: f, Store: st, Kinds: connectors(), Log: zerolog.Nop()}
	plan, err := r.PlanBackfill(t.Context(), "products", sb.Catalog.Base, sb.Catalog.Base.Add(5*time.Minute), time.Minute, false)
	if err != nil {
		t.Fatal(err)
	}
	var events []jobs.BackfillProgress
	total, err := r.Backfill(t.Context(), plan, func(p jobs.BackfillProgress) { events = append(events, p) })
	if err != nil || total.Read == 0 {
		t.Fatalf("backfill: %+v, %v", total, err)
	}
	qs, err := st.QualityRuns(t.Context(), "products", 100)
	if err != nil || len(qs) != 1 {
		t.Errorf("%d quality checks for one backfill of 5 windows (%v), want 1", len(qs), err)
	}
	reports, _ := filepath.Glob(filepath.Join(f.Staging.ReportDir, "quality-*"))
	snaps, _ := filepath.Glob(filepath.Join(f.Staging.ParquetDir, "products", "*.parquet"))
	if len(reports) != 3 || len(snaps) != 1 {
		t.Errorf("%d report files and %d snapshots, want 3 (html, json, csv) and 1", len(reports), len(snaps))
	}
	if len(qs) == 1 && qs[0].RunID != lastRun(t, cfg, "products").ID {
		t.Errorf("the quality check belongs to run %d, not the last window's", qs[0].RunID)
	}
	last := events[len(events)-1]
	line := renderProgress(last, 2*time.Second)
	if !last.Finished || last.Fraction() != 1 || !strings.Contains(line, "100 %") {
		t.Errorf("the last progress event %+v renders %q; want finished at 100 %%", last, line)
	}
	for _, want := range []string{"rec/s", "elapsed 2s", "ETA 0s", "window 5/5", "read " + itoa(total.Read)} {
		if !strings.Contains(line, want) {
			t.Errorf("progress line %q lacks %q", line, want)
		}
	}
	if mid := renderProgress(jobs.BackfillProgress{Windows: 4, Done: 1, Started: time.Now()}, 10*time.Second); !strings.Contains(mid, "25 %") || !strings.Contains(mid, "ETA 30s") {
		t.Errorf("a quarter done after 10 s renders %q; want 25 %% and ETA 30s", mid)
	}
}

// TestLogLinesPassAboveTheBar: a log line written while the bar is shown
// clears the bar's line first, is written whole, and the bar is drawn again.
func TestLogLinesPassAboveTheBar(t *testing.T) {
	t.Parallel()
	var out strings.Builder
	bar := newProgressBar(&out)
	start := time.Now()
	bar.now = func() time.Time { return start.Add(3 * time.Second) }
	bar.Update(jobs.BackfillProgress{Window: 1, Windows: 2, Started: start})
	shown := out.String()
	out.Reset()
	if _, err := bar.Write([]byte("a log line\n")); err != nil {
		t.Fatal(err)
	}
	want := clearLine + "a log line\n" + strings.TrimPrefix(shown, clearLine)
	if out.String() != want {
		t.Errorf("log line with the bar shown wrote %q, want %q", out.String(), want)
	}
	out.Reset()
	bar.Update(jobs.BackfillProgress{Windows: 2, Done: 2, Finished: true, Started: start})
	bar.Write([]byte("after\n"))
	if s := out.String(); !strings.HasSuffix(s, "\nafter\n") || strings.Count(s, clearLine) != 1 {
		t.Errorf("after the bar finished: %q", s)
	}
}

// TestWindowFlagTakesDays: --window accepts days as well as Go durations and
// refuses zero, negative and malformed sizes.
func TestWindowFlagTakesDays(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]time.Duration{"1d": 24 * time.Hour, "7d": 7 * 24 * time.Hour, "6h": 6 * time.Hour, "90m": 90 * time.Minute} {
		var w windowFlag
		if err := w.Set(in); err != nil || time.Duration(w) != want {
			t.Errorf("--window %s = %s (%v), want %s", in, time.Duration(w), err, want)
		}
	}
	for _, in := range []string{"0d", "-1d", "1.5d", "d", "soon", "0s"} {
		var w windowFlag
		if err := w.Set(in); err == nil {
			t.Errorf("--window %s accepted", in)
		}
	}
}
