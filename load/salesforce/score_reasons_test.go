package salesforce_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/api/salesforce/sftest"
	"github.com/stewardhq/steward/load"
)

// TestLeadScoreWithoutReasonsRejected: a score with its model but no
// reasons (none, an empty list, only blank ones) is rejected with a reason
// that says so, and no PATCH reaches Salesforce.
func TestLeadScoreWithoutReasonsRejected(t *testing.T) {
	f := sftest.New()
	f.Put("Lead", sftest.Rec{"Id": leadID, "LastName": "Doe", "Company": "Acme"})
	l := newLoader(t, f, "lead_scores", "{}")
	blank := scoreItem(3, leadID, "60", "m-1", " ", "")
	empty := scoreItem(2, leadID, "60", "m-1")
	empty.Fields["reasons"] = json.RawMessage(`[]`)
	out, err := l.Write(t.Context(), []load.Item{scoreItem(1, leadID, "60", "m-1"), empty, blank})
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range statuses(out) {
		if !strings.HasPrefix(s, load.Rejected) || !strings.Contains(s, "without its reasons") {
			t.Errorf("item %d: %q; want rejected as a score without its reasons", i+1, s)
		}
	}
	if n := f.Count("PATCH"); n != 0 {
		t.Errorf("%d PATCH calls for scores without reasons; want none", n)
	}
}
