package hubspot_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/api/hubspot/hubspottest"
	"github.com/stewardhq/steward/load"
)

// TestLeadScoreWithoutReasonsRejected: a score with its model but no
// reasons (none, an empty list, only blank ones, not a list) is rejected
// with a reason that says so, and nothing reaches the contact.
func TestLeadScoreWithoutReasonsRejected(t *testing.T) {
	f := hubspottest.New(token)
	f.Put("contacts", "501", map[string]string{"email": "a@b.example"}, time.Now())
	l := loaderFor(t, f, "lead_scores", 100)
	items := []load.Item{
		{ID: 1, ExternalID: "501", Fields: fields("score", `"60"`, "model", `"rules-v2"`)},
		{ID: 2, ExternalID: "501", Fields: fields("score", `"60"`, "model", `"rules-v2"`, "reasons", `[]`)},
		{ID: 3, ExternalID: "501", Fields: fields("score", `"60"`, "model", `"rules-v2"`, "reasons", `[" ",""]`)},
		{ID: 4, ExternalID: "501", Fields: fields("score", `"60"`, "model", `"rules-v2"`, "reasons", `null`)},
	}
	out, err := l.Write(t.Context(), items)
	if err != nil {
		t.Fatal(err)
	}
	if got := statuses(out); !slices.Equal(got, []string{load.Rejected, load.Rejected, load.Rejected, load.Rejected}) {
		t.Fatalf("outcomes %+v; want all rejected", out)
	}
	for _, o := range out {
		if !strings.Contains(o.Reason, "without its reasons") {
			t.Errorf("item %d rejected as %q; want a score without its reasons", o.ID, o.Reason)
		}
	}
	if c := f.Get("contacts", "501"); c["steward_score"] != "" || c["steward_score_model"] != "" {
		t.Errorf("the contact took a score without reasons: %v", c)
	}
}
