package console

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/store"
)

// TestReviewRunPageReasonsHideCredentials: a target's reason for refusing
// a write and a quarantined record's reason are shown with the URLs in them
// made safe, as the run's error is (a vendor's error may echo a signed
// address).
func TestReviewRunPageReasonsHideCredentials(t *testing.T) {
	f := opsFixture(t, nil)
	ctx := t.Context()
	run, err := f.st.BeginRun(ctx, "prices", store.TriggerSchedule)
	if err != nil {
		t.Fatal(err)
	}
	items, err := f.st.EnqueueDraftPushes(ctx, []store.OutboxItem{{Job: "prices", Target: "pim", ExternalID: "A", Hash: "h",
		Payload: []byte(`{}`), RunID: run}})
	if err != nil {
		t.Fatal(err)
	}
	reason := "403 see https://bucket.example.com/a.json?X-Amz-Signature=SECRET-1&X-Amz-Date=1"
	if err := f.st.SettleOutbox(ctx, run, []store.Settle{{ID: items[0].ID, Status: store.OutboxDead, Reason: reason}}); err != nil {
		t.Fatal(err)
	}
	page := store.PageCommit{RunID: run, Job: "prices", Stream: "live", PageURL: "https://erp.example.com/p",
		Quarantine: []record.Quarantined{{Key: "Q1", Raw: []byte(`{}`), Reason: "image https://cdn.example.com/x.png?token=SECRET-2 unreadable"}},
		Counts:     store.Counts{Read: 1, Quarantined: 1, Pages: 1}}
	if err := f.st.CommitPage(ctx, page); err != nil {
		t.Fatal(err)
	}
	body := f.get(t, olga, fmt.Sprintf("/runs/%d", run)).Body.String()
	for _, secret := range []string{"SECRET-1", "SECRET-2"} {
		if strings.Contains(body, secret) {
			t.Errorf("the run page shows %s", secret)
		}
	}
	for _, want := range []string{"bucket.example.com/a.json", "cdn.example.com/x.png?token=*** unreadable"} {
		if !strings.Contains(body, want) {
			t.Errorf("the run page lacks %s", want)
		}
	}
}
