package hubspot_test

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/api/hubspot/hubspottest"
	"github.com/stewardhq/steward/load"
)

func customerItems(n int) []load.Item {
	var items []load.Item
	for i := range n {
		ext := fmt.Sprintf("C-%06d", i)
		items = append(items, load.Item{ID: int64(100 + i), ExternalID: ext,
			Fields: fields("external_id", `"`+ext+`"`, "name", fmt.Sprintf(`"Co %d"`, i), "postal_code", `"10115"`, "vat_id", `"DE1"`)})
	}
	return items
}

// TestCustomersUpsertThenUnchanged: customers are upserted into companies
// by steward_external_id in batches of at most batch_size; a rerun writes
// nothing.
func TestCustomersUpsertThenUnchanged(t *testing.T) {
	f := hubspottest.New(token)
	l := loaderFor(t, f, "customers", 100)
	items := customerItems(150)
	out, err := l.Write(t.Context(), items)
	if err != nil {
		t.Fatal(err)
	}
	for i, o := range out {
		if o.Status != load.Written || o.ID != items[i].ID {
			t.Fatalf("outcome %d %+v", i, o)
		}
	}
	if f.Count("companies") != 150 {
		t.Fatalf("%d companies", f.Count("companies"))
	}
	writes := slices.DeleteFunc(slices.Clone(f.Requests), func(r string) bool { return !strings.HasSuffix(r, "batch/upsert") })
	if len(writes) != 2 {
		t.Fatalf("upserts %v", writes)
	}
	n := len(f.Requests)
	out, err = l.Write(t.Context(), items)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range out {
		if o.Status != load.Unchanged {
			t.Fatalf("rerun: %+v", o)
		}
	}
	for _, r := range f.Requests[n:] {
		if strings.HasSuffix(r, "batch/upsert") {
			t.Fatalf("rerun wrote: %v", f.Requests[n:])
		}
	}
}

// TestUnknownFieldRejected: a canonical field without a property is
// rejected with a reason, never dropped; the other items are written.
func TestUnknownFieldRejected(t *testing.T) {
	f := hubspottest.New(token)
	l := loaderFor(t, f, "customers", 100)
	items := customerItems(2)
	items[1].Fields["email"] = []byte(`"x@y.example"`)
	out, err := l.Write(t.Context(), items)
	if err != nil {
		t.Fatal(err)
	}
	if out[0].Status != load.Written || out[1].Status != load.Rejected || !strings.Contains(out[1].Reason, "field email") {
		t.Fatalf("outcomes %+v", out)
	}
}

// TestMultiStatusRejects: a 207's errors reject the inputs they name by
// objectWriteTraceId, with HubSpot's message; the others are written.
func TestMultiStatusRejects(t *testing.T) {
	f := hubspottest.New(token)
	f.Reject["C-000001"] = "Property values were not valid: vat_id"
	l := loaderFor(t, f, "customers", 100)
	out, err := l.Write(t.Context(), customerItems(3))
	if err != nil {
		t.Fatal(err)
	}
	if got := statuses(out); !slices.Equal(got, []string{load.Written, load.Rejected, load.Written}) || !strings.Contains(out[1].Reason, "vat_id") {
		t.Fatalf("outcomes %+v", out)
	}
}

// TestRefusedBatchIsolated: a batch refused as a whole (400 for a property
// that does not exist) is split until the refused input stands alone; it is
// rejected with HubSpot's code, the rest written.
func TestRefusedBatchIsolated(t *testing.T) {
	f := hubspottest.New(token)
	f.Known["companies"] = slices.DeleteFunc(f.Known["companies"], func(p string) bool { return p == "vat_id" })
	l := loaderFor(t, f, "customers", 100)
	items := customerItems(4)
	for i := range items {
		if i != 2 {
			delete(items[i].Fields, "vat_id")
		}
	}
	out, err := l.Write(t.Context(), items)
	if err != nil {
		t.Fatal(err)
	}
	if got := statuses(out); !slices.Equal(got, []string{load.Written, load.Written, load.Rejected, load.Written}) || !strings.Contains(out[2].Reason, "PROPERTY_DOESNT_EXIST") {
		t.Fatalf("outcomes %+v", out)
	}
}

// TestLeadScoresUpdateContacts: a score updates the contact by id with
// score, model and reasons joined with "; "; a score without model and an
// unknown field are rejected; a missing contact is rejected by HubSpot.
func TestLeadScoresUpdateContacts(t *testing.T) {
	f := hubspottest.New(token)
	f.Put("contacts", "501", map[string]string{"email": "a@b.example"}, time.Now())
	f.Put("contacts", "502", map[string]string{"email": "c@d.example"}, time.Now())
	l := loaderFor(t, f, "lead_scores", 100)
	items := []load.Item{
		{ID: 1, ExternalID: "501", Fields: fields("lead_id", `"501"`, "score", `"87.5"`, "model", `"rules-v2"`, "reasons", `["fits ICP","asked for price"]`)},
		{ID: 2, ExternalID: "502", Fields: fields("score", `"50"`)},
		{ID: 3, ExternalID: "502", Fields: fields("score", `"50"`, "model", `"m"`, "reasons", `["r"]`, "email", `"x"`)},
		{ID: 4, ExternalID: "999", Fields: fields("score", `"10"`, "model", `"m"`, "reasons", `["r"]`)},
	}
	out, err := l.Write(t.Context(), items)
	if err != nil {
		t.Fatal(err)
	}
	if got := statuses(out); !slices.Equal(got, []string{load.Written, load.Rejected, load.Rejected, load.Rejected}) {
		t.Fatalf("outcomes %+v", out)
	}
	c := f.Get("contacts", "501")
	if c["steward_score"] != "87.5" || c["steward_score_model"] != "rules-v2" || c["steward_score_reasons"] != "fits ICP; asked for price" {
		t.Fatalf("contact %v", c)
	}
	if !strings.Contains(out[1].Reason, "model") || !strings.Contains(out[2].Reason, "email") || !strings.Contains(out[3].Reason, "999") {
		t.Fatalf("reasons %+v", out)
	}
	out, err = l.Write(t.Context(), items[:1])
	if err != nil || out[0].Status != load.Unchanged {
		t.Fatalf("rerun %+v %v", out, err)
	}
}

// TestProductsUpsertBySKU: products go to HubSpot by hs_sku with name and
// description in en_US and the price as a decimal string in EUR.
func TestProductsUpsertBySKU(t *testing.T) {
	f := hubspottest.New(token)
	l := loaderFor(t, f, "products", 100)
	items := []load.Item{
		{ID: 1, ExternalID: "SKU-1", Fields: fields("name", `[{"attribute":"name","locale":"en_US","kind":"text","text":"Pump"}]`,
			"description", `[{"attribute":"description","locale":"de_DE","kind":"text","text":"Pumpe"},{"attribute":"description","locale":"en_US","kind":"text","text":"A pump"}]`,
			"price", `{"amount":"12.5","currency":"EUR"}`)},
		{ID: 2, ExternalID: "SKU-2", Fields: fields("price", `{"amount":"3","currency":"USD"}`)},
		{ID: 3, ExternalID: "SKU-3", Fields: fields("weight", `[]`)},
	}
	out, err := l.Write(t.Context(), items)
	if err != nil {
		t.Fatal(err)
	}
	if got := statuses(out); !slices.Equal(got, []string{load.Written, load.Rejected, load.Rejected}) {
		t.Fatalf("outcomes %+v", out)
	}
	var p map[string]string
	for id := range 2000 {
		if g := f.Get("products", fmt.Sprint(id)); g != nil && g["hs_sku"] == "SKU-1" {
			p = g
		}
	}
	if p["name"] != "Pump" || p["description"] != "A pump" || p["price"] != "12.50" {
		t.Fatalf("product %v", p)
	}
	out, err = l.Write(t.Context(), items[:1])
	if err != nil || out[0].Status != load.Unchanged {
		t.Fatalf("rerun %+v %v", out, err)
	}
}

// TestCurrentReadsBack lists the companies' owned fields by external id
// in the canonical form of Item.Fields, and a written item reads back equal.
func TestCurrentReadsBack(t *testing.T) {
	f := hubspottest.New(token)
	l := loaderForTarget(t, f, "customers", []string{"name", "postal_code"})
	if _, err := l.Write(t.Context(), customerItems(3)); err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	err := l.(load.ReconcileReader).Current(t.Context(), func(ext string, fs map[string]json.RawMessage) error {
		got[ext] = string(fs["name"]) + "|" + string(fs["postal_code"])
		return nil
	})
	if err != nil || len(got) != 3 || got["C-000002"] != `"Co 2"|"10115"` {
		t.Fatalf("current %v, %v", got, err)
	}
}
