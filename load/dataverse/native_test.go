package dataverse_test

import (
	"testing"

	"github.com/stewardhq/steward/load"
)

// TestCustomerUpdatedByNativeID: an account lacking the account number,
// known by its GUID (the crosswalked record), is updated by PATCH
// accounts(<guid>) with If-Match and given the account number; nothing is
// created, a later write by the account number finds it unchanged, and a
// GUID Dataverse does not hold is rejected, not created.
func TestCustomerUpdatedByNativeID(t *testing.T) {
	e := newEmu()
	id, err := e.Put("accounts", "", map[string]any{"name": "Acme GmbH", "address1_city": "Berlin"})
	if err != nil {
		t.Fatal(err)
	}
	before := e.Count("accounts")
	l := emuLoader(t, e, "customers")
	items := []load.Item{
		{ID: 1, ExternalID: "C-000777", UUID: id, Fields: fields("city", `"Kiel"`)},
		{ID: 2, ExternalID: "C-000778", UUID: "00000000-0000-0000-0000-00000000beef", Fields: fields("city", `"Bonn"`)},
	}
	out, err := l.Write(t.Context(), items)
	if err != nil || statuses(out) != "written,rejected" {
		t.Fatalf("%v %+v", err, out)
	}
	if n := e.Count("accounts"); n != before {
		t.Errorf("Dataverse holds %d accounts, want %d (nothing created)", n, before)
	}
	row := e.Get("accounts", id)
	if row["address1_city"] != "Kiel" || row["accountnumber"] != "C-000777" || row["name"] != "Acme GmbH" {
		t.Errorf("account %v: want Kiel and account number C-000777", row)
	}
	again, err := l.Write(t.Context(), []load.Item{{ID: 3, ExternalID: "C-000777", Fields: fields("city", `"Kiel"`)}})
	if err != nil || statuses(again) != "unchanged" || e.Count("accounts") != before {
		t.Errorf("write by the account number after: %v %+v, %d accounts", err, again, e.Count("accounts"))
	}
}
