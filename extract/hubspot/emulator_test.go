package hubspot_test

import (
	"encoding/json"
	"net/http"
	"testing"

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
		if c.Name != a.Name || c.VATID != a.VATID || c.Street != a.Street || c.PostalCode != a.PostalCode || c.City != a.City || c.Country != a.Country || c.Owner == "" || c.Changed.IsZero() {
			t.Fatalf("%s: account %+v read as %+v", mode, a, c)
		}
	}
}

// TestEmulatorSeedLeadsAndProducts reads the seeded contacts and products.
func TestEmulatorSeedLeadsAndProducts(t *testing.T) {
	cat := catalog.New(40, 1)
	e := sandboxPortal(cat)
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
