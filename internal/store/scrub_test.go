package store

import (
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/scrub"
)

// TestErrorTextIsScrubbedBeforeItIsStored: run errors, dead-letter, draft and
// quarantine reasons lose every configured secret and credential fragment
// before they reach SQLite (issue 6 #36).
func TestErrorTextIsScrubbedBeforeItIsStored(t *testing.T) {
	const secret = "sap-secret-42"
	s := open(t)
	s.SetScrubber(scrub.New(secret))
	ctx := t.Context()
	echo := "fetch access token: status 401: grant_type=client_credentials&client_secret=" + secret +
		" Authorization: Basic U1RFV0FSRDpzYXAtc2VjcmV0LTQy password=hunter22"
	id, _ := s.BeginRun(ctx, "j", TriggerManual)
	rec := record.Record{Key: "k1", Payload: []byte(`{}`)}
	page := PageCommit{RunID: id, Job: "j", Stream: "live", Changed: []Staged{{DataType: "products", Source: "pim", Record: rec, Hash: rec.Hash()}},
		Outbox:     []OutboxItem{{Job: "j", Target: "pim", ExternalID: "k1", Hash: "h1", Payload: []byte(`{}`), RunID: id}},
		Quarantine: []record.Quarantined{{Key: "k2", Raw: []byte(`{}`), Reason: echo}},
		Counts:     Counts{Read: 1, Staged: 1, Pages: 1}, Cursor: record.Cursor{Next: "n2"}}
	if err := s.CommitPage(ctx, page); err != nil {
		t.Fatal(err)
	}
	items, _ := s.PendingOutbox(ctx, "j", "pim", 0, 10)
	if err := s.SettleOutbox(ctx, id, []Settle{{ID: items[0].ID, Status: OutboxDead, Reason: echo}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddDraft(ctx, Draft{Kind: DraftDescription, ProductKey: "k1", Attribute: "description", InputHash: "h", Status: DraftFlagged, Reason: echo, RunID: id}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RecordDraftFailure(ctx, DraftSlot{ProductKey: "k1", Attribute: "description"}, echo, time.Now(),
		func(int) time.Duration { return time.Minute }); err != nil {
		t.Fatal(err)
	}
	if err := s.FinishRun(ctx, id, "failed", echo); err != nil {
		t.Fatal(err)
	}
	var stored []string
	if err := s.DB().SelectContext(ctx, &stored, `SELECT error FROM runs UNION ALL SELECT reason FROM dead_letters
		UNION ALL SELECT reason FROM drafts UNION ALL SELECT reason FROM quarantine UNION ALL SELECT last_error FROM draft_failures`); err != nil {
		t.Fatal(err)
	}
	if len(stored) != 5 {
		t.Fatalf("%d texts stored, want 5: %q", len(stored), stored)
	}
	for _, text := range stored {
		for _, leak := range []string{secret, "U1RFV0FSRDpzYXAtc2VjcmV0LTQy", "hunter22"} {
			if strings.Contains(text, leak) {
				t.Errorf("stored text keeps %q: %s", leak, text)
			}
		}
		if !strings.Contains(text, "fetch access token: status 401") {
			t.Errorf("scrubbing lost the cause: %s", text)
		}
	}
}
