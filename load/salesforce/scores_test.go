package salesforce_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/api/salesforce/sftest"
	"github.com/stewardhq/steward/load"
)

const leadID = "00Q000000000001EAA"

func scoreItem(id int64, lead, score, model string, reasons ...string) load.Item {
	f := map[string]json.RawMessage{"score": raw(score), "model": raw(model)}
	if reasons != nil {
		f["reasons"] = raw(reasons)
	}
	return load.Item{ID: id, ExternalID: lead, Fields: f}
}

// TestLeadScores: only the score fields are written (reasons joined with
// "; "), the model always with the score; unknown leads, unknown fields
// and scores without their model are rejected; a rerun writes nothing.
func TestLeadScores(t *testing.T) {
	f := sftest.New()
	f.Put("Lead", sftest.Rec{"Id": leadID, "LastName": "Doe", "Company": "Acme", "Steward_Score_Model__c": "m-1"})
	l := newLoader(t, f, "lead_scores", "{}")
	noModel := scoreItem(5, leadID, "10", "")
	delete(noModel.Fields, "model")
	extra := scoreItem(4, leadID, "10", "m-2", "r")
	extra.Fields["owner"] = raw("005000000000009")
	items := []load.Item{scoreItem(1, leadID, "87.5", "m-1", "asked for a quote", "existing account"),
		scoreItem(2, "00Q000000000002", "50", "m-1", "r"), scoreItem(6, "00Q000000000003AAA", "50", "m-1", "r"), scoreItem(3, leadID, "101", "m-1", "r"), extra, noModel}
	out, err := l.Write(t.Context(), items)
	if err != nil {
		t.Fatal(err)
	}
	got := statuses(out)
	want := []string{load.Written, "no Lead with Id 00Q000000000002EAA", "not a valid Lead Id", "outside 0 to 100", "field owner is not a score field", "without its model"}
	for i, w := range want {
		if !strings.Contains(got[i], w) {
			t.Errorf("outcome %d: %q, want %q", i, got[i], w)
		}
	}
	lead := f.Objects["Lead"][leadID]
	if lead["Steward_Score__c"].(json.Number) != "87.5" || lead["Steward_Score_Model__c"] != "m-1" || lead["Steward_Score_Reasons__c"] != "asked for a quote; existing account" || lead["LastName"] != "Doe" {
		t.Fatalf("lead %v", lead)
	}
	writes := f.Count("PATCH")
	if out, err = l.Write(t.Context(), items[:1]); err != nil || out[0].Status != load.Unchanged || f.Count("PATCH") != writes {
		t.Fatalf("rerun: %q %v", statuses(out), err)
	}
}

// TestScoreCarriesModel: a changed score is written with its model even
// when the model is unchanged.
func TestScoreCarriesModel(t *testing.T) {
	f := sftest.New()
	f.Put("Lead", sftest.Rec{"Id": leadID, "LastName": "Doe", "Company": "Acme", "Steward_Score__c": json.Number("40"), "Steward_Score_Model__c": "m-1"})
	l := newLoader(t, f, "lead_scores", "{}")
	out, err := l.Write(t.Context(), []load.Item{scoreItem(1, leadID, "041", "m-1", "r")})
	if err != nil || out[0].Status != load.Written {
		t.Fatalf("%q %v", statuses(out), err)
	}
	if f.Objects["Lead"][leadID]["Steward_Score__c"].(json.Number) != "41" {
		t.Fatal("score not written")
	}
	sent := f.Bodies[len(f.Bodies)-1]
	if !strings.Contains(sent, `"Steward_Score_Model__c":"m-1"`) || !strings.Contains(sent, `"Steward_Score__c":41`) {
		t.Fatalf("sent %s: want the score with its model", sent)
	}
}
