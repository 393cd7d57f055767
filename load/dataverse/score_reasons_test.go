package dataverse_test

import (
	"strings"
	"testing"

	"github.com/stewardhq/steward/load"
)

// TestLeadScoreWithoutReasonsRejected: a score with its model but no
// reasons (none, an empty list, only blank ones), or with a blank model, is
// rejected with a reason that says so, and the lead keeps no score.
func TestLeadScoreWithoutReasonsRejected(t *testing.T) {
	f := newFake()
	l := newLoader(t, f, "lead_scores")
	id := "00000000-0000-0000-0002-000000000001"
	f.Put("leads", map[string]any{"leadid": id, "emailaddress1": "a@b.example", "modifiedon": "2025-01-01T00:00:00Z"})
	out, err := l.Write(t.Context(), []load.Item{
		{ID: 1, ExternalID: id, Fields: fields("score", `"60"`, "model", `"rules-v2"`)},
		{ID: 2, ExternalID: id, Fields: fields("score", `"60"`, "model", `"rules-v2"`, "reasons", `[]`)},
		{ID: 3, ExternalID: id, Fields: fields("score", `"60"`, "model", `"rules-v2"`, "reasons", `[" "]`)},
		{ID: 4, ExternalID: id, Fields: fields("score", `"60"`, "model", `""`, "reasons", `["fit"]`)},
	})
	if err != nil || statuses(out) != "rejected,rejected,rejected,rejected" {
		t.Fatalf("%v %+v; want all rejected", err, out)
	}
	for _, o := range out[:3] {
		if !strings.Contains(o.Reason, "without reasons") {
			t.Errorf("item %d rejected as %q; want a score without reasons", o.ID, o.Reason)
		}
	}
	if !strings.Contains(out[3].Reason, "without model") {
		t.Errorf("a blank model rejected as %q; want a score without model", out[3].Reason)
	}
	if row, _ := f.Row("leads", id); row["stw_score"] != nil {
		t.Errorf("the lead took a score without reasons: %v", row)
	}
}
