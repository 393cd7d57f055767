package dataverse

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

func TestStateRoundTrip(t *testing.T) {
	e := start(t, 100, nil)
	expect(t, e.call(t, "PATCH", api+"products(productnumber='SKU-1')", `{"name":"P","price":12.50}`), 204, "")
	expect(t, e.call(t, "PATCH", api+"accounts("+AccountID(0)+")", `{"name":"Changed"}`), 204, "")
	e.em.Delete("contacts", ContactID(1))
	delta, _ := syncAll(t, e, "accounts")
	saved, err := e.em.SaveState()
	if err != nil {
		t.Fatal(err)
	}
	other := start(t, 100, nil)
	if err := other.em.LoadState(saved); err != nil {
		t.Fatal(err)
	}
	again, _ := other.em.SaveState()
	if !bytes.Equal(saved, again) {
		t.Fatal("the loaded state saves differently")
	}
	if other.em.Get("accounts", AccountID(0))["name"] != "Changed" || other.em.Get("contacts", ContactID(1)) != nil {
		t.Error("writes or deletes were not restored")
	}
	p := other.em.Get("products", other.em.FindByAltKey("products", "SKU-1"))
	if p == nil || p["price"].(interface{ String() string }).String() != "12.50" {
		t.Errorf("product %v, want price 12.50 exactly", p)
	}
	// The delta link of the first emulator reads on at the restored version.
	other.em.Delete("accounts", AccountID(3))
	_, tok, _ := strings.Cut(delta, "$deltatoken=")
	expect(t, other.call(t, "GET", api+"accounts?$select=name&$deltatoken="+tok, ""), 200, `"reason":"deleted"`)
}

func TestLoadStateRefusesForeignData(t *testing.T) {
	e := New(Options{})
	for _, bad := range []string{`{`, `{"tables":{"opportunities":{"rows":{}}},"version":1}`,
		`{"tables":{"accounts":{"rows":{"a":{"id":"a","fields":{"nope":"x"},"version":1}}}},"version":1}`,
		`{"tables":{"accounts":{"rows":{"a":{"id":"a","fields":{},"version":9}}}},"version":1}`} {
		if err := e.LoadState([]byte(bad)); err == nil {
			t.Errorf("LoadState(%s) succeeded", bad)
		}
	}
}

func TestSandboxSeed(t *testing.T) {
	cat := catalog.New(200, 3)
	e := Sandbox(cat)
	if e.Count("accounts") != cat.Accounts() || e.Count("contacts") != cat.Accounts() || e.Count("products") != 0 ||
		e.Count("systemusers") != Reps || e.Count("leads") != seedLeads {
		t.Fatalf("counts %d %d %d %d", e.Count("accounts"), e.Count("contacts"), e.Count("products"), e.Count("systemusers"))
	}
	a := cat.Account(7)
	row := e.Get("accounts", e.FindByAltKey("accounts", a.Number))
	if row["name"] != a.Name || row["stw_vatid"] != a.VATID || row["address1_postalcode"] != a.PostalCode ||
		row["modifiedon"] != cat.Base.UTC().Format(time.RFC3339) {
		t.Errorf("account %v, want %+v", row, a)
	}
	if u := e.Get("systemusers", RepID(6)); u["internalemailaddress"] != "rep6@sandbox.example" {
		t.Errorf("rep 6 %v", u)
	}
	s1, _ := e.SaveState()
	s2, _ := Sandbox(cat).SaveState()
	if !bytes.Equal(s1, s2) {
		t.Error("the seed is not deterministic")
	}
}

func TestFaultShape(t *testing.T) {
	e := start(t, 0, nil)
	w := newRecorder()
	e.em.FaultShape().TooManyRequests(w, "7")
	if w.Code != 429 || w.Header().Get("Retry-After") != "7" || !bytes.Contains(w.Body.Bytes(), []byte(`"code":"0x80072322"`)) {
		t.Errorf("429: %d %v %s", w.Code, w.Header(), w.Body)
	}
	w = newRecorder()
	e.em.FaultShape().ServerError(w, 503)
	if w.Code != 503 || !bytes.HasPrefix(w.Body.Bytes(), []byte(`{"error":{"code":`)) {
		t.Errorf("503: %d %s", w.Code, w.Body)
	}
}
