package salesforce

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestStateRoundTrip(t *testing.T) {
	f := start(t, 40)
	ids := f.e.IDs("Account")
	f.clock.add(time.Minute)
	_ = f.e.Update("Account", ids[0], map[string]any{"Phone": "1"})
	_ = f.e.Delete("Account", ids[1])
	pid, err := f.e.Put("Product2", map[string]any{"Name": "p", "External_ID__c": "SKU-1", "IsActive": true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.e.Put("PricebookEntry", map[string]any{"Product2Id": pid, "Pricebook2Id": StandardPricebookID(),
		"UnitPrice": "12.50", "External_ID__c": "SKU-1-EUR"}); err != nil {
		t.Fatal(err)
	}
	saved, err := f.e.SaveState()
	if err != nil {
		t.Fatal(err)
	}
	g := start(t, 0)
	if err := g.e.LoadState(saved); err != nil {
		t.Fatal(err)
	}
	again, _ := g.e.SaveState()
	if !bytes.Equal(saved, again) {
		t.Fatalf("state changed on a round trip:\n%s\n%s", saved, again)
	}
	rec, _ := g.e.Record("PricebookEntry", makeID("01u", 1))
	if rec["UnitPrice"].(interface{ String() string }).String() != "12.50" {
		t.Errorf("price %v", rec["UnitPrice"])
	}
	if del, _ := g.e.Record("Account", ids[1]); del["IsDeleted"] != true {
		t.Errorf("deletion lost: %v", del)
	}
	// the restored org keeps counting ids and enforcing unique external ids
	if id, err := g.e.Put("Product2", map[string]any{"Name": "q"}); err != nil || id != makeID("01t", 2) {
		t.Errorf("next id %s %v", id, err)
	}
	if _, err := g.e.Put("Product2", map[string]any{"Name": "r", "External_ID__c": "sku-1"}); err == nil || !strings.Contains(err.Error(), "DUPLICATE_VALUE") {
		t.Errorf("duplicate ext id after load: %v", err)
	}
}

func TestLoadStateRefusesBadRecords(t *testing.T) {
	f := start(t, 0)
	for _, bad := range []string{`{"records":[{"object":"Nope","id":"0015g00000000001AAA"}]}`,
		`{"records":[{"object":"Account","id":"01t5g000000000001AAA"}]}`,
		`{"records":[{"object":"Account","id":"` + makeID("001", 1) + `","fields":{"Colour__c":"x"}}]}`,
		`{"records":[{"object":"Account","id":"` + makeID("001", 1) + `"},{"object":"Account","id":"` + makeID("001", 1) + `"}]}`,
		`not json`} {
		if err := f.e.LoadState([]byte(bad)); err == nil {
			t.Errorf("loaded %s", bad)
		}
	}
}

func TestIDChecksum(t *testing.T) {
	// the documented example of Salesforce's case-safe id
	if got, err := normalizeID("a0D30000001n7Pv"); err != nil || got != "a0D30000001n7PvEAI" {
		t.Errorf("a0D30000001n7Pv -> %s %v", got, err)
	}
	if _, err := normalizeID("a0D30000001n7PvEAA"); err == nil {
		t.Error("a wrong suffix was accepted")
	}
	for _, bad := range []string{"", "001", "a0D30000001n7P!", "a0D30000001n7PvEA"} {
		if _, err := normalizeID(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	id := makeID("001", 62*62+5)
	if n, err := normalizeID(id); err != nil || n != id || len(id) != 18 {
		t.Errorf("generated id %s: %v", id, err)
	}
}

func TestSandboxSeed(t *testing.T) {
	f := start(t, 400)
	cat := f.e.opts.Catalog
	ids := f.e.IDs("Account")
	if len(ids) != cat.Accounts() {
		t.Fatalf("%d accounts, want %d", len(ids), cat.Accounts())
	}
	withExt := 0
	for i, id := range ids {
		rec, _ := f.e.Record("Account", id)
		a := cat.Account(i)
		if rec["Name"] != a.Name || rec["VAT_ID__c"] != a.VATID || rec["BillingPostalCode"] != a.PostalCode || rec["OwnerId"] != RepID(1+i%Reps) {
			t.Fatalf("account %d: %v", i, rec)
		}
		if rec["External_ID__c"] == a.Number {
			withExt++
		}
	}
	if withExt != len(ids)-len(ids)/10 { // every tenth account lacks it
		t.Errorf("%d of %d accounts carry the external id", withExt, len(ids))
	}
	if n := count(t, f, "SELECT Id FROM User WHERE Email LIKE 'rep_@sandbox.example'"); n != Reps {
		t.Errorf("%d reps", n)
	}
	if n := count(t, f, "SELECT Id FROM Pricebook2 WHERE IsStandard = true"); n != 1 {
		t.Errorf("%d standard price books", n)
	}
	if n := count(t, f, "SELECT Id FROM Lead"); n != seedLeads {
		t.Errorf("%d leads", n)
	}
	if count(t, f, "SELECT Id FROM Product2")+count(t, f, "SELECT Id FROM PricebookEntry") != 0 {
		t.Error("products or price book entries seeded")
	}
}
