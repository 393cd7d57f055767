package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/store"
)

// TestRunsShowWebhookRuns: a run a webhook started is stored and listed with
// its trigger.
func TestRunsShowWebhookRuns(t *testing.T) {
	t.Parallel()
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	id, err := st.BeginRun(t.Context(), "leads", store.TriggerWebhook)
	if err != nil {
		t.Fatalf("record a webhook run: %v", err)
	}
	if err := st.FinishRun(t.Context(), id, store.StatusSucceeded, ""); err != nil {
		t.Fatal(err)
	}
	runs, err := st.ListRuns(t.Context(), "", 5)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := (&app{stdout: &out}).printRunsTable(runs, time.UTC); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 || strings.Fields(lines[1])[2] != "webhook" {
		t.Errorf("runs table:\n%s", out.String())
	}
}
