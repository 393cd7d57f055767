package hubspot

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// TestStateRoundTrip: a portal saved after batch writes, an archived record
// and a test edit serves the same records once loaded into a fresh one, and
// saves the same bytes again.
func TestStateRoundTrip(t *testing.T) {
	a, srvA, _ := start(t, nil)
	ids := put(t, a, "companies", map[string]string{"name": "A", "steward_external_id": "C-1"}, map[string]string{"name": "B"})
	expect(t, call(t, srvA, "POST", "/crm/v3/objects/products/batch/upsert",
		`{"inputs":[{"idProperty":"hs_sku","id":"SKU-9","properties":{"name":"Lamp","price":"9.90"}}]}`), 200)
	a.Delete("companies", ids[1])
	saved, err := a.SaveState()
	if err != nil {
		t.Fatal(err)
	}
	b, srvB, _ := start(t, nil)
	if err := b.LoadState(saved); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/crm/v3/objects/companies?properties=name,steward_external_id", "/crm/v3/objects/companies?archived=true",
		"/crm/v3/objects/products?properties=price,hs_sku"} {
		if x, y := call(t, srvA, "GET", path, ""), call(t, srvB, "GET", path, ""); !bytes.Equal(x.body, y.body) {
			t.Errorf("%s differs after load:\n%s\n%s", path, x.body, y.body)
		}
	}
	again, err := b.SaveState()
	if err != nil || !bytes.Equal(saved, again) {
		t.Errorf("state saved after load differs: %v\n%s\n%s", err, saved, again)
	}
	if r, ok := b.Find("companies", "steward_external_id", "C-1"); !ok || r.ID != ids[0] {
		t.Error("the unique index was not rebuilt")
	}
	newID, _ := b.Put("companies", map[string]string{"name": "C"})
	if n, _ := strconv.Atoi(newID); n != mustAtoi(t, ids[1])+1 {
		t.Errorf("an id was reused after load: %s", newID)
	}
}

func TestLoadStateRefusesWhatDoesNotFit(t *testing.T) {
	e := New(Options{Tokens: []string{token}})
	for name, st := range map[string]string{
		"not json":      `{`,
		"unknown type":  `{"tables":{"tickets":{"next":5,"records":[]}}}`,
		"id beyond":     `{"tables":{"contacts":{"next":102,"records":[{"id":102,"properties":{}}]}}}`,
		"id twice":      `{"tables":{"contacts":{"next":105,"records":[{"id":101,"properties":{}},{"id":101,"properties":{}}]}}}`,
		"unknown prop":  `{"tables":{"contacts":{"next":105,"records":[{"id":101,"properties":{"colour":"red"}}]}}}`,
		"read-only":     `{"tables":{"contacts":{"next":105,"records":[{"id":101,"properties":{"createdate":"x"}}]}}}`,
		"unique shared": `{"tables":{"contacts":{"next":105,"records":[{"id":101,"properties":{"email":"a@x"}},{"id":102,"properties":{"email":"a@x"}}]}}}`,
	} {
		if err := e.LoadState([]byte(st)); err == nil || !strings.HasPrefix(err.Error(), "load hubspot state: ") {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestSandboxSeed: the sandbox portal holds the catalog's accounts as
// companies owned by their reps and its leads as contacts without owner; the
// reps are the owners; products start empty (steward writes them).
func TestSandboxSeed(t *testing.T) {
	cat := catalog.New(600, 1)
	e := Sandbox(cat)
	if e.Count("companies") != cat.Accounts() || e.Count("products") != 0 || e.Count("contacts") != len(cat.Leads()) {
		t.Fatalf("seeded %d companies, %d products, %d contacts", e.Count("companies"), e.Count("products"), e.Count("contacts"))
	}
	a := cat.Account(7)
	c, ok := e.Find("companies", "steward_external_id", a.Number)
	if !ok || c.Properties["name"] != a.Name || c.Properties["zip"] != a.PostalCode || c.Properties["hubspot_owner_id"] != e.OwnerID(catalog.AccountOwner(7)) {
		t.Errorf("company %s: %v", a.Number, c.Properties)
	}
	l := cat.Leads()[5]
	ct, ok := e.Find("contacts", "email", l.Email)
	if !ok || ct.Properties["message"] != l.Message || ct.Properties["hubspot_owner_id"] != "" || !ct.Created.Equal(l.Created) ||
		ct.Properties["product_interest"] != l.Interest {
		t.Errorf("contact of lead 5: %v", ct.Properties)
	}
	if e.OwnerID("rep6@sandbox.example") == "" || len(RepOwners()) != 6 {
		t.Error("the reps are not the owners")
	}
	real, err := catalog.NewProfile(catalog.Realistic, 600, 1)
	if err != nil {
		t.Fatal(err)
	}
	if r := Sandbox(real); r.Count("contacts") != len(real.Leads()) || r.Count("products") != 0 {
		t.Errorf("realistic portal: %d contacts, %d products", r.Count("contacts"), r.Count("products"))
	}
	x, _ := Sandbox(cat).SaveState()
	y, _ := e.SaveState()
	if !bytes.Equal(x, y) {
		t.Error("two sandbox portals over one catalog differ")
	}
}

func mustAtoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
