package dataverse_test

import (
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	emulator "github.com/stewardhq/steward/internal/sandbox/dataverse"
	"github.com/stewardhq/steward/load"
)

const (
	emuTenant = "load-tenant"
	emuClient = "load-client"
)

// emuCfg points the loader config at the emulator's token endpoint.
func emuCfg(base, dataType string) string {
	c := cfg(base, dataType)
	c = strings.Replace(c, "client_id: app", "client_id: "+emuClient, 1)
	return strings.Replace(c, "token_url: "+base+"/token", "token_url: "+base+"/"+emuTenant+"/oauth2/v2.0/token", 1)
}

func emuLoader(t *testing.T, h http.Handler, dataType string) load.Loader {
	t.Helper()
	return loaderFrom(t, h, dataType, emuCfg)
}

func newEmu() *emulator.Emulator {
	return emulator.New(emulator.Options{Tenant: emuTenant, ClientID: emuClient, ClientSecret: secret})
}

// TestEmulatorCustomers: accounts are upserted by account number (the
// owner bound to a system user), read back, a rerun writes nothing, and
// what the emulator refuses comes back as rejected outcomes.
func TestEmulatorCustomers(t *testing.T) {
	e := newEmu()
	id, _ := e.Put("accounts", "", map[string]any{"accountnumber": "C-000001", "name": "Old", "address1_city": "Köln"})
	l := emuLoader(t, e, "customers")
	rep := emulator.RepID(1)
	items := []load.Item{
		{ID: 1, ExternalID: "C-000001", Fields: fields("name", `"Acme GmbH"`, "city", `"Köln"`, "owner", `"`+rep+`"`)},
		{ID: 2, ExternalID: "C-'2'", Fields: fields("name", `"New Co"`, "vat_id", `"DE123"`, "email", `"a@b.example"`)},
		{ID: 3, ExternalID: "C-3", Fields: fields("shoe_size", `"42"`)},
		{ID: 4, ExternalID: "C-4", Fields: fields("owner", `"`+emulator.AccountID(99)+`"`)},
	}
	out, err := l.Write(t.Context(), items)
	if err != nil || statuses(out) != "written,written,rejected,rejected" {
		t.Fatalf("%v %+v", err, out)
	}
	t.Logf("rejected: %q / %q", out[2].Reason, out[3].Reason)
	row := e.Get("accounts", id)
	if row["name"] != "Acme GmbH" || row["_ownerid_value"] != rep {
		t.Errorf("account %v", row)
	}
	if nid := e.FindByAltKey("accounts", "C-'2'"); nid == "" || e.Get("accounts", nid)["stw_vatid"] != "DE123" {
		t.Errorf("new account %q not created by its alternate key", nid)
	}
	before := e.Calls()["POST /api/data/v9.2/$batch"]
	out, err = l.Write(t.Context(), items[:2])
	if err != nil || statuses(out) != "unchanged,unchanged" || e.Calls()["POST /api/data/v9.2/$batch"] != before {
		t.Fatalf("rerun: %v %+v", err, out)
	}
}

// TestEmulatorConflict: a change between the read and the write fails the
// If-Match with 412; the outcome is a conflict with the current values.
func TestEmulatorConflict(t *testing.T) {
	e := newEmu()
	id, _ := e.Put("accounts", "", map[string]any{"accountnumber": "C-1", "name": "Old"})
	var once atomic.Bool
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.ServeHTTP(w, r)
		if r.Method == http.MethodGet && strings.Contains(r.URL.Path, "/accounts") && once.CompareAndSwap(false, true) {
			_, _ = e.Put("accounts", id, map[string]any{"name": "Theirs"})
		}
	})
	l := emuLoader(t, h, "customers")
	out, err := l.Write(t.Context(), []load.Item{{ID: 1, ExternalID: "C-1", Fields: fields("name", `"Ours"`)}})
	if err != nil || statuses(out) != "conflict" || string(out[0].Current["name"]) != `"Theirs"` {
		t.Fatalf("%v %+v", err, out)
	}
	out, err = l.Write(t.Context(), []load.Item{{ID: 1, ExternalID: "C-1", Overwrite: true, Fields: fields("name", `"Ours"`)}})
	if err != nil || statuses(out) != "written" || e.Get("accounts", id)["name"] != "Ours" {
		t.Fatalf("overwrite: %v %+v", err, out)
	}
}

// TestEmulatorLeadScores writes score, model and reasons onto a lead.
func TestEmulatorLeadScores(t *testing.T) {
	e := newEmu()
	id, _ := e.Put("leads", "", map[string]any{"emailaddress1": "ann@acme.example"})
	l := emuLoader(t, e, "lead_scores")
	item := load.Item{ID: 1, ExternalID: id, Fields: fields("score", `"87.50"`, "model", `"rules-v2"`, "reasons", `["budget","fit"]`)}
	out, err := l.Write(t.Context(), []load.Item{item, {ID: 2, ExternalID: emulator.LeadID(999), Fields: fields("score", `"1"`, "model", `"m"`, "reasons", `["r"]`)}})
	if err != nil || statuses(out) != "written,rejected" {
		t.Fatalf("%v %+v", err, out)
	}
	row := e.Get("leads", id)
	if fmt.Sprint(row["stw_score"]) != "87.50" || row["stw_scoremodel"] != "rules-v2" || row["stw_scorereasons"] != "budget; fit" {
		t.Errorf("lead %v", row)
	}
	if out, _ = l.Write(t.Context(), []load.Item{item}); statuses(out) != "unchanged" {
		t.Errorf("rerun %+v", out)
	}
}

// TestEmulatorProducts upserts products by product number.
func TestEmulatorProducts(t *testing.T) {
	e := newEmu()
	l := emuLoader(t, e, "products")
	item := load.Item{ID: 1, ExternalID: "SKU-1", Fields: fields("name", `[{"attribute":"name","locale":"en_US","kind":"text","text":"Shirt"}]`,
		"description", `[{"attribute":"description","locale":"en_US","kind":"text","text":"Blue"}]`, "price", `{"amount":"12.5","currency":"EUR"}`)}
	out, err := l.Write(t.Context(), []load.Item{item})
	if err != nil || statuses(out) != "written" {
		t.Fatalf("%v %+v", err, out)
	}
	row := e.Get("products", e.FindByAltKey("products", "SKU-1"))
	if row["name"] != "Shirt" || fmt.Sprint(row["price"]) != "12.50" {
		t.Errorf("product %v", row)
	}
	if out, _ = l.Write(t.Context(), []load.Item{item}); statuses(out) != "unchanged" {
		t.Errorf("rerun %+v", out)
	}
}
