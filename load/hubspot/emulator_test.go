package hubspot_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
	emulator "github.com/stewardhq/steward/internal/sandbox/hubspot"
	"github.com/stewardhq/steward/load"
)

// portal is the sandbox's seeded portal taking the tests' token, limits out
// of the way.
func portal(cat *catalog.Catalog) (*emulator.Emulator, http.Handler) {
	e := emulator.Sandbox(cat)
	e.SetQuota(1<<30, 0, 1<<30, 1<<30)
	return e, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") == "Bearer "+token {
			r.Header.Set("Authorization", "Bearer "+emulator.SandboxToken)
		}
		e.ServeHTTP(w, r)
	})
}

func writes(e *emulator.Emulator, typ string) int {
	n := 0
	for k, v := range e.Calls() {
		if strings.HasPrefix(k, "POST /crm/v3/objects/"+typ+"/batch/") && !strings.HasSuffix(k, "/read") {
			n += v
		}
	}
	return n
}

// TestEmulatorCustomersRoundTrip upserts a seeded account and new ones,
// reads them back, writes nothing on a rerun, and turns the emulator's
// refusal of an owner that is no owner into a rejected outcome.
func TestEmulatorCustomersRoundTrip(t *testing.T) {
	cat := catalog.New(20, 1)
	e, h := portal(cat)
	l := loaderFor(t, h, "customers", 100)
	a := cat.Account(2)
	items := append(customerItems(3), load.Item{ID: 9, ExternalID: a.Number, Fields: fields("name", `"Renamed GmbH"`, "city", `"Köln"`)},
		load.Item{ID: 10, ExternalID: "C-NEW-OWNER", Fields: fields("name", `"X"`, "owner", `"999"`)})
	out, err := l.Write(t.Context(), items)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{load.Written, load.Written, load.Written, load.Written, load.Rejected}
	if got := statuses(out); !slices.Equal(got, want) || !strings.Contains(out[4].Reason, "INVALID_OPTION") {
		t.Fatalf("outcomes %+v", out)
	}
	r, ok := e.Find("companies", "steward_external_id", a.Number)
	if !ok || r.Properties["name"] != "Renamed GmbH" || r.Properties["city"] != "Köln" || r.Properties["vat_id"] != a.VATID {
		t.Fatalf("seeded account now %+v", r.Properties)
	}
	if r, ok := e.Find("companies", "steward_external_id", "C-000001"); !ok || r.Properties["zip"] != "10115" {
		t.Fatalf("new company %+v", r)
	}
	n := writes(e, "companies")
	out, err = l.Write(t.Context(), items[:4])
	if err != nil {
		t.Fatal(err)
	}
	if got := statuses(out); !slices.Equal(got, []string{load.Unchanged, load.Unchanged, load.Unchanged, load.Unchanged}) || writes(e, "companies") != n {
		t.Fatalf("rerun %+v, writes %d → %d", out, n, writes(e, "companies"))
	}
}

// TestEmulatorLeadScores updates a seeded contact's score, model and
// reasons; a rerun writes nothing; an unknown contact is rejected.
func TestEmulatorLeadScores(t *testing.T) {
	cat := catalog.New(20, 1)
	e, h := portal(cat)
	lead := cat.Leads()[0]
	c, ok := e.Find("contacts", "email", lead.Email)
	if !ok {
		t.Fatalf("no contact %s", lead.Email)
	}
	l := loaderFor(t, h, "lead_scores", 100)
	items := []load.Item{
		{ID: 1, ExternalID: c.ID, Fields: fields("score", `"72.5"`, "model", `"rules-v1"`, "reasons", `["size","industry"]`)},
		{ID: 2, ExternalID: "123456789", Fields: fields("score", `"10"`, "model", `"rules-v1"`, "reasons", `["r"]`)},
	}
	out, err := l.Write(t.Context(), items)
	if err != nil {
		t.Fatal(err)
	}
	if out[0].Status != load.Written || out[1].Status != load.Rejected {
		t.Fatalf("outcomes %+v", out)
	}
	got, _ := e.Get("contacts", c.ID)
	if got.Properties["steward_score"] != "72.5" || got.Properties["steward_score_model"] != "rules-v1" || got.Properties["steward_score_reasons"] != "size; industry" {
		t.Fatalf("contact %+v", got.Properties)
	}
	n := writes(e, "contacts")
	out, err = l.Write(t.Context(), items[:1])
	if err != nil || out[0].Status != load.Unchanged || writes(e, "contacts") != n {
		t.Fatalf("rerun %+v %v", out, err)
	}
}

// TestEmulatorProducts upserts products by hs_sku with the price as a
// decimal string; a rerun writes nothing.
func TestEmulatorProducts(t *testing.T) {
	cat := catalog.New(20, 1)
	e, h := portal(cat)
	sku := cat.SKU(4)
	l := loaderFor(t, h, "products", 100)
	items := []load.Item{
		{ID: 1, ExternalID: sku, Fields: fields("price", `{"amount":"19.9","currency":"EUR"}`, "name", `[{"attribute":"name","locale":"en_US","kind":"text","text":"New name"}]`)},
		{ID: 2, ExternalID: "SKU-NEW-1", Fields: fields("price", `{"amount":"5","currency":"EUR"}`)},
	}
	out, err := l.Write(t.Context(), items)
	if err != nil || out[0].Status != load.Written || out[1].Status != load.Written {
		t.Fatalf("outcomes %+v %v", out, err)
	}
	r, _ := e.Find("products", "hs_sku", sku)
	if r.Properties["price"] != "19.90" || r.Properties["name"] != "New name" {
		t.Fatalf("product %+v", r.Properties)
	}
	n := writes(e, "products")
	out, err = l.Write(t.Context(), items)
	if err != nil || out[0].Status != load.Unchanged || out[1].Status != load.Unchanged || writes(e, "products") != n {
		t.Fatalf("rerun %+v %v", out, err)
	}
}
