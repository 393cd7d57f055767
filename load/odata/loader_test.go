package odata_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	api "github.com/stewardhq/steward/internal/api/odata"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	"github.com/stewardhq/steward/internal/sandbox/sap"
	"github.com/stewardhq/steward/load"
	"github.com/stewardhq/steward/load/odata"
)

var settings = api.Settings{Entities: map[string]api.Entity{"customers": {
	Version: 2, Path: sap.BPService + sap.BPSet, Key: []string{"BusinessPartner"}, Canonical: api.CanonicalCustomer,
}}}

// env is the SAP emulator (25 partners) behind a server that counts
// collection reads, with a loader owning fields.
type env struct {
	emu    *sap.Server
	cat    *catalog.Catalog
	loader load.Loader
	lists  atomic.Int32
	// beforePatch, when set, runs before the emulator sees a PATCH.
	beforePatch atomic.Pointer[func()]
}

func newEnv(t *testing.T, fields ...string) *env {
	t.Helper()
	e := &env{cat: catalog.New(1000, 3)}
	e.emu = sap.New(e.cat, sap.Credentials{User: "U", Password: "P"})
	e.emu.SetClock(func() time.Time { return time.Date(2026, 4, 1, 9, 0, 0, 0, time.UTC) })
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet && strings.HasSuffix(r.URL.Path, sap.BPSet) {
			e.lists.Add(1)
		}
		if f := e.beforePatch.Load(); f != nil && r.Method == http.MethodPatch {
			(*f)()
		}
		e.emu.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	n := 1
	sys := config.System{BaseURL: srv.URL, AllowInsecureLoopback: true, TLS: config.TLS{MinVersion: "1.2"},
		Auth:  config.Auth{Type: config.AuthBasic, Username: "U", Password: config.NewSecret("P")},
		Retry: config.Retry{MaxRetries: &n, BaseDelay: config.Duration(time.Millisecond), MaxDelay: config.Duration(time.Millisecond)}}
	h, err := httpx.New("erp", sys, zerolog.Nop(), httpx.Options{})
	if err != nil {
		t.Fatal(err)
	}
	l, err := odata.New(load.Spec{System: "erp", Settings: settings, Job: config.Job{Name: "customers", DataType: "customers"},
		Target: config.Target{System: "erp", Fields: fields}, Client: h, Log: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	e.loader = l
	return e
}

func item(id int64, ext string, kv ...string) load.Item {
	it := load.Item{ID: id, ExternalID: ext, Fields: map[string]json.RawMessage{}}
	for i := 0; i+1 < len(kv); i += 2 {
		it.Fields[kv[i]], _ = json.Marshal(kv[i+1])
	}
	return it
}

// partner reads a partner with its address straight from the emulator.
func (e *env) partner(t *testing.T, i int) (map[string]any, map[string]any) {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, sap.BPService+sap.BPSet+"('"+sap.PartnerID(i)+"')?$expand=to_BusinessPartnerAddress", nil)
	req.SetBasicAuth("U", "P")
	req.Header.Set("Accept", "application/json") // v2 answers Atom XML otherwise
	rec := httptest.NewRecorder()
	e.emu.ServeHTTP(rec, req)
	var d struct{ D map[string]any }
	if err := json.Unmarshal(rec.Body.Bytes(), &d); err != nil || rec.Code != http.StatusOK {
		t.Fatalf("read partner %d: %d %s", i, rec.Code, rec.Body)
	}
	addr := d.D["to_BusinessPartnerAddress"].(map[string]any)["results"].([]any)[0].(map[string]any)
	return d.D, addr
}

func statuses(outs []load.Outcome) []string {
	out := make([]string, len(outs))
	for i, o := range outs {
		out[i] = o.Status + " " + o.Reason
	}
	return out
}

// TestWriteRereadRerun: changed names and addresses are written (the lookups
// batched), read back as sent, and a rerun of the same batch is unchanged;
// an unknown external id is rejected, never created.
func TestWriteRereadRerun(t *testing.T) {
	e := newEnv(t, "name", "street", "postal_code", "city", "country")
	a3 := e.cat.Account(3)
	var items []load.Item
	for i := range 25 {
		a := e.cat.Account(i)
		items = append(items, item(int64(i), a.Number, "name", a.Name, "street", a.Street, "postal_code", a.PostalCode, "city", a.City, "country", a.Country))
	}
	items[1] = item(1, e.cat.Account(1).Number, "name", "Nordwind Renamed GmbH")
	items[3] = item(3, a3.Number, "name", a3.Name, "street", "Neuer Wall 7", "postal_code", "20354", "city", "Hamburg", "country", "DE")
	items = append(items, item(99, "C-999999", "name", "Nobody"))
	outs, err := e.loader.Write(t.Context(), items)
	if err != nil {
		t.Fatal(err)
	}
	want := map[int64]string{1: load.Written, 3: load.Written, 99: load.Rejected}
	for _, o := range outs {
		if w := want[o.ID]; (w != "" && o.Status != w) || (w == "" && o.Status != load.Unchanged) {
			t.Errorf("item %d: %s %s", o.ID, o.Status, o.Reason)
		}
	}
	if r := outs[25].Reason; r != "no business partner with BusinessPartnerIDByExtSystem 'C-999999'; steward does not create partners" {
		t.Errorf("reason %q", r)
	}
	if n := e.lists.Load(); n != 2 {
		t.Errorf("%d lookup requests for 26 external ids; want 2 (batches of 20)", n)
	}
	bp, _ := e.partner(t, 1)
	_, addr := e.partner(t, 3)
	if bp["BusinessPartnerFullName"] != "Nordwind Renamed GmbH" || addr["StreetName"] != "Neuer Wall" || addr["HouseNumber"] != "7" || addr["PostalCode"] != "20354" {
		t.Errorf("read back: %v / %v", bp["BusinessPartnerFullName"], addr)
	}
	again, err := e.loader.Write(t.Context(), items[:25])
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range again {
		if o.Status != load.Unchanged {
			t.Errorf("rerun item %d: %s %s", o.ID, o.Status, o.Reason)
		}
	}
}

// TestConflict: a partner changed in SAP after the loader read it fails the
// If-Match precondition (412): the outcome is a Conflict with the partner's
// current values re-read; written again with Overwrite (If-Match: *), it wins.
func TestConflict(t *testing.T) {
	e := newEnv(t, "name", "city")
	a := e.cat.Account(5)
	once := func() {
		e.beforePatch.Store(nil)
		e.emu.TouchPartner(sap.PartnerID(5))
	}
	e.beforePatch.Store(&once)
	it := item(5, a.Number, "name", "Changed Name AG", "city", a.City)
	outs, err := e.loader.Write(t.Context(), []load.Item{it})
	if err != nil {
		t.Fatal(err)
	}
	o := outs[0]
	if o.Status != load.Conflict || string(o.Current["name"]) != `"`+a.Name+`"` || string(o.Current["city"]) != `"`+a.City+`"` || len(o.Current) != 2 {
		t.Fatalf("outcome %+v (current %s)", o, o.Current)
	}
	it.Overwrite = true
	e.beforePatch.Store(&once)
	outs, err = e.loader.Write(t.Context(), []load.Item{it})
	if err != nil || outs[0].Status != load.Written {
		t.Fatalf("overwrite: %v %v", statuses(outs), err)
	}
	if bp, _ := e.partner(t, 5); bp["OrganizationBPName1"] != "Changed Name AG" {
		t.Errorf("after overwrite: %v", bp["OrganizationBPName1"])
	}
}

// TestCSRFExpiry: when the CSRF session expires between writes, the loader
// refetches the token once and the write goes through.
func TestCSRFExpiry(t *testing.T) {
	e := newEnv(t, "name")
	fetches := func() int { c := e.emu.Calls(); return c["GET "+sap.BPService] + c["HEAD "+sap.BPService] }
	patches := func() int { return e.emu.Calls()["PATCH "+sap.BPService+sap.BPSet+"('"+sap.PartnerID(2)+"')"] }
	for i, name := range []string{"First Name GmbH", "Second Name GmbH"} {
		if i == 1 {
			e.emu.ExpireCSRF()
		}
		before, patchesBefore := fetches(), patches()
		outs, err := e.loader.Write(t.Context(), []load.Item{item(1, e.cat.Account(2).Number, "name", name)})
		if err != nil || outs[0].Status != load.Written {
			t.Fatalf("write %d: %v %v", i, statuses(outs), err)
		}
		// First write: one fetch, one PATCH. After the expiry: the cached
		// token's PATCH is 403, one refetch, the PATCH again.
		if got, sent := fetches()-before, patches()-patchesBefore; got != 1 || sent != 1+i {
			t.Errorf("write %d: %d token fetches, %d PATCHes", i, got, sent)
		}
	}
	if bp, _ := e.partner(t, 2); bp["OrganizationBPName1"] != "Second Name GmbH" {
		t.Errorf("after the expiry: %v", bp["OrganizationBPName1"])
	}
}

// TestNewRefuses: the loader writes customers only, and only the fields it
// can write to a business partner.
func TestNewRefuses(t *testing.T) {
	for _, c := range []struct {
		job    config.Job
		fields []string
		want   string
	}{
		{config.Job{Name: "j", DataType: "prices"}, nil, `data type "prices" cannot be written`},
		{config.Job{Name: "j", DataType: "customers"}, []string{"name", "vat_id"}, "field vat_id cannot be written"},
	} {
		_, err := odata.New(load.Spec{System: "erp", Settings: settings, Job: c.job, Target: config.Target{Fields: c.fields}})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want %q", c, err, c.want)
		}
	}
}

// TestCurrent: the reconcile reader reports every partner by its external
// id with the owned fields as they are in SAP.
func TestCurrent(t *testing.T) {
	e := newEnv(t, "name", "street")
	rl, ok := e.loader.(load.ReconcileReader)
	if !ok {
		t.Fatal("the loader is not a load.ReconcileReader")
	}
	got := map[string]map[string]json.RawMessage{}
	if err := rl.Current(t.Context(), func(ext string, f map[string]json.RawMessage) error { got[ext] = f; return nil }); err != nil {
		t.Fatal(err)
	}
	a := e.cat.Account(7)
	if len(got) != 25 || string(got[a.Number]["name"]) != `"`+a.Name+`"` || string(got[a.Number]["street"]) != `"`+a.Street+`"` || len(got[a.Number]) != 2 {
		t.Errorf("%d partners; %s: %s", len(got), a.Number, got[a.Number])
	}
}
