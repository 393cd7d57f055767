package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/store"
)

// TestRunsTableIsOneLinePerRun: local times to the second, a duration and a
// backfill window column, multi-line errors on one shortened line; --json
// keeps the whole error.
func TestRunsTableIsOneLinePerRun(t *testing.T) {
	t.Parallel()
	longErr := "fetch products page 3: status 500\n<html>\n\t<body>" + strings.Repeat("x", 300) + "</body>\n</html>"
	runs := []store.Run{
		{ID: 2, Job: "products", Trigger: store.TriggerBackfill, StartedAt: "2026-03-01T12:00:00.123456789Z",
			EndedAt: sql.NullString{String: "2026-03-01T12:01:05.9Z", Valid: true}, Status: store.StatusFailed,
			Stream: "backfill:2026-01-01T00:00:00Z/2026-01-02T00:00:00Z", Error: longErr},
		{ID: 1, Job: "prices", Trigger: store.TriggerManual, StartedAt: "2026-03-01T11:00:00.5Z", Status: store.StatusRunning, Stream: "live"},
	}
	var out bytes.Buffer
	a := &app{stdout: &out}
	berlin, _ := time.LoadLocation("Europe/Berlin")
	if err := a.printRunsTable(runs, berlin); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("want a header and one line per run, got %d lines:\n%s", len(lines), out.String())
	}
	for _, want := range []string{"DURATION", "WINDOW", "2026-03-01 13:00:00 CET", "1m6s", "2026-01-01 01:00 → 2026-01-02 01:00", "status 500 <html> <body>xxx", "…"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("runs table lacks %q:\n%s", want, out.String())
		}
	}
	if strings.Contains(out.String(), ".123") || strings.Contains(out.String(), strings.Repeat("x", 200)) {
		t.Errorf("runs table shows nanoseconds or the whole error:\n%s", out.String())
	}
	if !strings.Contains(lines[2], "running") || !strings.Contains(lines[2], " - ") {
		t.Errorf("a running live run: %q", lines[2])
	}
	out.Reset()
	if err := a.printRunsJSON(runs); err != nil {
		t.Fatal(err)
	}
	var got []map[string]any
	if err := json.Unmarshal(out.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got[0]["error"] != longErr || got[0]["started_at"] != "2026-03-01T12:00:00Z" || got[0]["duration_ms"] != 65776.0 {
		t.Errorf("runs --json: %v", got[0])
	}
	if w, _ := got[0]["window"].(map[string]any); w["from"] != "2026-01-01T00:00:00Z" || w["to"] != "2026-01-02T00:00:00Z" {
		t.Errorf("runs --json window: %v", got[0]["window"])
	}
}

// TestStateShowSortedAndResetOneStream: state show prints a header and the
// streams live first, then by name; reset --stream deletes only that stream.
func TestStateShowSortedAndResetOneStream(t *testing.T) {
	t.Parallel()
	_, cfg := startSandbox(t, 10, 5)
	st := openState(t, cfg)
	for _, s := range []string{"backfill:b", "live", "backfill:a", "backfill:c"} {
		if err := st.SetRawCursor(t.Context(), "products", s, `{"v":1}`); err != nil {
			t.Fatal(err)
		}
	}
	for range 3 { // map order would show up within a few tries
		out, code := steward(t, "state", "show", "products", "--config", cfg)
		var streams []string
		for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
			streams = append(streams, strings.Fields(l)[1])
		}
		if code != 0 || strings.Join(streams, " ") != "STREAM live backfill:a backfill:b backfill:c" {
			t.Fatalf("state show (exit %d):\n%s", code, out)
		}
	}
	if out, code := steward(t, "state", "reset", "products", "--stream", "backfill:b", "--yes", "--config", cfg); code != 0 || !strings.Contains(out, "removed the backfill:b cursor") {
		t.Fatalf("reset one stream (exit %d): %s", code, out)
	}
	cs, _ := st.RawCursors(t.Context(), "products")
	if _, gone := cs["backfill:b"]; gone || len(cs) != 3 {
		t.Errorf("after resetting backfill:b: %v", cs)
	}
	if _, code := steward(t, "state", "reset", "products", "--config", cfg); code != 2 {
		t.Errorf("reset without --yes on a non-terminal: exit %d, want 2", code)
	}
	if cs, _ := st.RawCursors(t.Context(), "products"); len(cs) != 3 {
		t.Errorf("the refused reset deleted cursors: %v", cs)
	}
}
