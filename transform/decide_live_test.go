package transform

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/store"
)

// TestMergeComparesWithTheTargetsLiveValues: the CRM changed the street
// after its job last staged the account; the ERP's job, merging against the
// CRM's live values, escalates the street both changed instead of
// overwriting the CRM's change, and writes the field only the ERP changed.
func TestMergeComparesWithTheTargetsLiveValues(t *testing.T) {
	s, f := openStore(t), pairConfig(t)
	runPage(t, s, f, "customers-crm", customer("C1", "a@x", "Main 1"))
	runPage(t, s, f, "customers-erp", customer("E1", "a@x", "Main 1"))
	live := map[string]map[string]map[string]json.RawMessage{"crm": {"X1": {"email": json.RawMessage(`"a@x"`), "street": json.RawMessage(`"Live 3"`)}}}
	got := runPageLive(t, s, f, "customers-erp", live, customer("E1", "erp@x", "Elm 2"))
	if len(got.Writes) != 1 || string(got.Writes[0].Fields["email"]) != `"erp@x"` || got.Writes[0].Fields["street"] != nil {
		t.Fatalf("writes %+v: want the email only, nothing for the street the CRM changed", got.Writes)
	}
	if len(got.Escalations) != 1 {
		t.Fatalf("escalations %+v", got.Escalations)
	}
	e := got.Escalations[0]
	if e.Kind != store.EscalationConflict || e.Fields != `["street"]` || !strings.Contains(e.TargetVersion, "Live 3") || !strings.Contains(e.BaseVersion, "Main 1") {
		t.Errorf("escalation %+v", e)
	}
	// Without the live values the stale staged copy agrees with the base:
	// the ERP's street would overwrite the CRM's change.
	stale := runPage(t, s, f, "customers-erp", customer("E1", "erp@x", "Elm 3"))
	if len(stale.Writes) != 1 || string(stale.Writes[0].Fields["street"]) != `"Elm 3"` {
		t.Errorf("staged comparison writes %+v", stale.Writes)
	}
}

// TestMergeLeavesAKeylessRecordWithoutTargetForTheCrosswalk: a CRM account
// without external id, read before the ERP's partners are staged, can be
// neither compared nor addressed in the ERP: nothing is written, it is not
// quarantined, and it stays staged for the ERP's job to match.
func TestMergeLeavesAKeylessRecordWithoutTargetForTheCrosswalk(t *testing.T) {
	s, f := openStore(t), pairConfig(t)
	b, _ := json.Marshal(Customer{ID: "C7", Name: "Acme", VATID: "DE1", Street: "Main 1"})
	got := runPage(t, s, f, "customers-crm", record.Record{Key: "C7", Payload: b})
	if len(got.Writes) != 0 || len(got.Escalations) != 0 {
		t.Fatalf("decided %+v; want nothing for a record without key or target", got)
	}
	e, _ := json.Marshal(Customer{ID: "E7", ExternalID: "X7", Name: "Acme", VATID: "DE1", Street: "Main 1"})
	if agreed := runPage(t, s, f, "customers-erp", record.Record{Key: "E7", Payload: e}); len(agreed.Writes) != 0 || len(agreed.Escalations) != 0 {
		t.Errorf("the ERP's partner, matched by VAT id: %+v", agreed)
	}
}
