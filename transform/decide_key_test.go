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

// TestMergeKeysWritesByTheRecordThatCarriesTheKey: a CRM account without
// external id, matched to the ERP's partner by VAT id, writes its change to
// the ERP keyed by the partner's own external id (and its native id); the
// partner's change is written to the CRM account by the account's native id
// with the partner's external id beside it, for the loader to update that
// account (setting the id on it) instead of upserting a second one.
func TestMergeKeysWritesByTheRecordThatCarriesTheKey(t *testing.T) {
	s, f := openStore(t), pairConfig(t)
	erp := func(email, street string) record.Record {
		b, _ := json.Marshal(Customer{ID: "E7", ExternalID: "X7", Name: "Acme", VATID: "DE1", Email: email, Street: street})
		return record.Record{Key: "E7", Payload: b}
	}
	crm := func(email string) record.Record {
		b, _ := json.Marshal(Customer{ID: "C7", Name: "Acme", VATID: "DE1", Email: email, Street: "Main 1"})
		return record.Record{Key: "C7", Payload: b}
	}
	stageOnly(t, s, "erp", erp("a@x", "Main 1"))
	if first := runPage(t, s, f, "customers-crm", crm("a@x")); len(first.Writes) != 0 || len(first.Escalations) != 0 {
		t.Fatalf("first sync of agreeing accounts: %+v", first)
	}
	got := runPage(t, s, f, "customers-crm", crm("new@x"))
	if len(got.Writes) != 1 || got.Writes[0].Target != "erp" || got.Writes[0].ExternalID != "X7" || got.Writes[0].NativeID != "E7" || string(got.Writes[0].Fields["email"]) != `"new@x"` {
		t.Fatalf("CRM change writes %+v; want the email to the ERP keyed X7", got.Writes)
	}
	// The ERP took the CRM's change; its job agrees with the CRM account.
	if agreed := runPage(t, s, f, "customers-erp", erp("new@x", "Main 1")); len(agreed.Writes)+len(agreed.Escalations) != 0 {
		t.Fatalf("the ERP's partner holding the CRM's change: %+v", agreed)
	}
	back := runPage(t, s, f, "customers-erp", erp("new@x", "Elm 2"))
	if len(back.Writes) != 1 || len(back.Escalations) != 0 {
		t.Fatalf("ERP change decided %+v; want one write to the CRM account", back)
	}
	w := back.Writes[0]
	if w.Target != "crm" || w.NativeID != "C7" || w.ExternalID != "X7" || string(w.Fields["street"]) != `"Elm 2"` {
		t.Errorf("ERP change writes %+v; want the street to the CRM's C7, carrying external id X7", w)
	}
}

// TestMergeStartsFromTheOtherDirectionsBase: a CRM account without external
// id read before the ERP's partners is left alone; once the ERP's job has
// linked and agreed it, the CRM's next change starts from that agreed
// version and flows to the ERP (keyed by the partner's external id).
func TestMergeStartsFromTheOtherDirectionsBase(t *testing.T) {
	s, f := openStore(t), pairConfig(t)
	crm := func(email string) record.Record {
		b, _ := json.Marshal(Customer{ID: "C8", Name: "Acme", VATID: "DE8", Email: email, Street: "Main 1"})
		return record.Record{Key: "C8", Payload: b}
	}
	e, _ := json.Marshal(Customer{ID: "E8", ExternalID: "X8", Name: "Acme", VATID: "DE8", Email: "a@x", Street: "Main 1"})
	if first := runPage(t, s, f, "customers-crm", crm("a@x")); len(first.Writes)+len(first.Escalations) != 0 {
		t.Fatalf("keyless record without target: %+v", first)
	}
	if agreed := runPage(t, s, f, "customers-erp", record.Record{Key: "E8", Payload: e}); len(agreed.Writes)+len(agreed.Escalations) != 0 {
		t.Fatalf("the ERP's partner: %+v", agreed)
	}
	got := runPage(t, s, f, "customers-crm", crm("new@x"))
	if len(got.Escalations) != 0 || len(got.Writes) != 1 || got.Writes[0].ExternalID != "X8" || string(got.Writes[0].Fields["email"]) != `"new@x"` {
		t.Fatalf("the CRM's change: %+v; want the email written to X8", got)
	}
}
