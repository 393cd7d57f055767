package jobs

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/stewardhq/steward/internal/store"
)

// TestWebhookRunIsRecordedAsWebhook: a run a webhook asks for is a normal
// run whose history says "webhook"; while another run holds the job it
// returns the *store.LockError the trigger retries on, and starts nothing.
func TestWebhookRunIsRecordedAsWebhook(t *testing.T) {
	decodes := 0
	sh := &shelf{decodes: &decodes, written: map[string]map[string]json.RawMessage{}}
	r, st := shelfRunner(t, sh, sh)
	if err := r.Webhook(t.Context(), "widgets"); err != nil {
		t.Fatalf("webhook run: %v", err)
	}
	runs, err := st.ListRuns(t.Context(), "widgets", 5)
	if err != nil || len(runs) != 1 || runs[0].Trigger != store.TriggerWebhook || runs[0].Status != store.StatusSucceeded {
		t.Fatalf("runs %+v %v; want one succeeded webhook run", runs, err)
	}
	holder, err := st.BeginRun(t.Context(), "widgets", store.TriggerSchedule)
	if err != nil {
		t.Fatal(err)
	}
	var le *store.LockError
	if err := r.Webhook(t.Context(), "widgets"); !errors.As(err, &le) || le.RunID != holder {
		t.Fatalf("webhook run while run %d holds the job: %v", holder, err)
	}
	if runs, _ := st.ListRuns(t.Context(), "widgets", 5); len(runs) != 2 {
		t.Errorf("the refused webhook run was recorded: %+v", runs)
	}
}
