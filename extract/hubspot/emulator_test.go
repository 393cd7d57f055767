package hubspot_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	emulator "github.com/stewardhq/steward/internal/sandbox/hubspot"
	"github.com/stewardhq/steward/transform"
)

// sandboxPortal is the sandbox's seeded portal accepting the tests' token,
// with its limits out of the way.
func sandboxPortal(cat *catalog.Catalog) *emulator.Emulator {
	e := emulator.Sandbox(cat)
	e.SetQuota(1<<30, 0, 1<<30, 1<<30)
	return e
}

// TestEmulatorSeedCustomers reads the seeded companies in full and
// incrementally; each maps to the catalog's account.
func TestEmulatorSeedCustomers(t *testing.T) {
	cat := catalog.New(50, 1)
	e := sandboxPortal(cat)
	for _, mode := range []string{"full", "incremental"} {
		x := extractorFor(t, authorized(e), "customers", "companies", mode, 100)
		d, err := drain(t, x, record.Cursor{})
		if err != nil {
			t.Fatalf("%s: %v", mode, err)
		}
		assertOnce(t, d.keys, cat.Accounts())
		byExt := map[string]transform.Customer{}
		for _, p := range d.pages {
			for _, r := range p.Records {
				var c transform.Customer
				if err := json.Unmarshal(r.Payload, &c); err != nil {
					t.Fatal(err)
				}
				byExt[c.ExternalID] = c
			}
		}
		a := cat.Account(3)
		c := byExt[a.Number]
		if c.Name != a.Name || c.VATID != a.VATID || c.Street != a.Street || c.PostalCode != a.PostalCode || c.City != a.City || c.Country != a.Country || c.Domain != a.Domain || c.Owner == "" || c.Changed.IsZero() {
			t.Fatalf("%s: account %+v read as %+v", mode, a, c)
		}
	}
}

// TestEmulatorSeedLeadsAndProducts reads the seeded contacts, and the
// products a products job wrote (the portal starts without any).
func TestEmulatorSeedLeadsAndProducts(t *testing.T) {
	cat := catalog.New(40, 1)
	e := sandboxPortal(cat)
	for i := range cat.N {
		p := cat.PIM(i)
		if _, err := e.Put("products", map[string]string{"hs_sku": p.SKU, "name": p.Name, "price": catalog.Cents(cat.ERPPrice(i))}); err != nil {
			t.Fatal(err)
		}
	}
	d, err := drain(t, extractorFor(t, authorized(e), "leads", "contacts", "incremental", 50), record.Cursor{})
	if err != nil {
		t.Fatal(err)
	}
	assertOnce(t, d.keys, len(cat.Leads()))
	var l transform.Lead
	_ = json.Unmarshal(d.pages[0].Records[0].Payload, &l)
	if l.Email == "" || l.LastName == "" || l.Created.IsZero() {
		t.Fatalf("lead %+v", l)
	}
	d, err = drain(t, extractorFor(t, authorized(e), "products", "products", "full", 100), record.Cursor{})
	if err != nil {
		t.Fatal(err)
	}
	assertOnce(t, d.keys, 40)
	var p transform.Product
	_ = json.Unmarshal(d.pages[0].Records[0].Payload, &p)
	_, name := p.Get("name", "en_US", "")
	_, price := p.Get("price", "", "")
	if p.Identifier == "" || !name || !price {
		t.Fatalf("product %+v", p)
	}
}

// authorized passes the tests' token to the sandbox portal as its own.
func authorized(e http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "Bearer "+token {
			r.Header.Set("Authorization", "Bearer "+emulator.SandboxToken)
		}
		e.ServeHTTP(w, r)
	})
}

// TestEmulatorSearchPastCap: against the emulator's 10,000-result search
// cap, 10,050 changed companies are read once each by new windows, and
// 10,201 sharing one change time are read once each through the tie by id.
func TestEmulatorSearchPastCap(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ n, per int }{{10050, 7}, {10201, 20000}} {
		t.Run(fmt.Sprintf("%d objects %d a second", c.n, c.per), func(t *testing.T) {
			t.Parallel() // each case has its own emulator and clock
			searchPastCap(t, c.n, c.per)
		})
	}
}

// searchPastCap reads n companies changed per a second from the emulator,
// each once.
func searchPastCap(t *testing.T, n, per int) {
	clk := &emuClock{}
	e := emulator.New(emulator.Options{Tokens: []string{token}, Now: clk.now, BurstMax: 1 << 30, SearchPerSecond: 1 << 30, DailyMax: 1 << 30})
	for i := range n {
		clk.set(base.Add(time.Duration(i/per) * time.Second))
		if _, err := e.Put("companies", map[string]string{"name": "Co"}); err != nil {
			t.Fatal(err)
		}
	}
	d, err := drain(t, extractorFor(t, e, "customers", "companies", "incremental", 200), record.Cursor{})
	if err != nil {
		t.Fatalf("%d objects, %d a second: err %v after %d keys", n, per, err, len(d.keys))
	}
	assertOnce(t, d.keys, n)
}

// TestEmulatorDeletions: a company archived after the watermark comes as a
// deletion of the incremental pass, with the emulator's archivedAt.
func TestEmulatorDeletions(t *testing.T) {
	e, ids, clk := emulated(t, 12)
	clk.set(base.Add(time.Hour))
	if !e.Delete("companies", ids[4]) {
		t.Fatal("not archived")
	}
	d, err := drain(t, extractorFor(t, e, "customers", "companies", "incremental", 5), record.Cursor{Watermark: base.Add(2 * time.Second)})
	if err != nil {
		t.Fatal(err)
	}
	if len(d.deleted) != 1 || d.deleted[0].Key != ids[4] || !d.deleted[0].At.Equal(base.Add(time.Hour)) {
		t.Fatalf("deleted %+v", d.deleted)
	}
	assertOnce(t, d.keys, 8) // from 1 s (the overlap): companies 3 to 11 less the archived one
}
