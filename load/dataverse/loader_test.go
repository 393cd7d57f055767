package dataverse_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	api "github.com/stewardhq/steward/internal/api/dataverse"
	"github.com/stewardhq/steward/internal/api/dataverse/dvtest"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/load"
	loader "github.com/stewardhq/steward/load/dataverse"
)

const secret = "s3cret"

func newFake() *dvtest.Fake {
	f := dvtest.New(secret)
	f.Keys["accounts"], f.Keys["leads"], f.Keys["products"] = "accountid", "leadid", "productid"
	f.Columns["accounts"] = []string{"accountnumber", "name", "stw_vatid", "address1_line1", "address1_postalcode", "address1_city", "address1_country", "telephone1", "emailaddress1", "_ownerid_value"}
	f.Columns["leads"] = []string{"emailaddress1", "stw_score", "stw_scoremodel", "stw_scorereasons"}
	f.Columns["products"] = []string{"productnumber", "name", "description", "price"}
	return f
}

func cfg(base, dataType string) string {
	return fmt.Sprintf(`version: 1
staging: {sqlite: x.db, parquet_dir: pq}
systems:
  src:
    kind: dataverse
    base_url: %s
    allow_insecure_loopback: true
    auth: {type: entra_client_credentials, client_id: app, client_secret: "${SECRET}", token_url: %s/token}
jobs:
  - name: job
    data_type: %s
    cadence: "@daily"
    extract: {system: src, entity: %s, mode: full}
`, base, base, dataType, map[string]string{"customers": "accounts", "lead_scores": "leads", "products": "products"}[dataType])
}

func newLoader(t *testing.T, f *dvtest.Fake, dataType string) load.Loader {
	t.Helper()
	return newLoaderOn(t, f, dataType)
}

func newLoaderOn(t *testing.T, h http.Handler, dataType string) load.Loader {
	t.Helper()
	return loaderFrom(t, h, dataType, cfg)
}

func loaderFrom(t *testing.T, h http.Handler, dataType string, cfg func(string, string) string) load.Loader {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	file, err := config.Parse("t.yaml", []byte(cfg(srv.URL, dataType)), nil, func(k string) (string, bool) { return secret, k == "SECRET" })
	if err != nil {
		t.Fatal(err)
	}
	s, ps := api.DecodeSettings(file, "src")
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	c, err := httpx.New("src", file.Systems["src"], zerolog.Nop(), httpx.Options{Auth: api.Auths(), Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	if err != nil {
		t.Fatal(err)
	}
	job, _ := file.Job("job")
	l, err := loader.New(load.Spec{System: "src", Config: file, Settings: s, Job: job, Client: c, Log: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func fields(kv ...string) map[string]json.RawMessage {
	m := map[string]json.RawMessage{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i]] = json.RawMessage(kv[i+1])
	}
	return m
}

func statuses(out []load.Outcome) string {
	var s []string
	for _, o := range out {
		s = append(s, o.Status)
	}
	return strings.Join(s, ",")
}

// TestCustomersUpsert: new accounts are created by their account number,
// a rerun writes nothing, a changed value is written with the etag read.
func TestCustomersUpsert(t *testing.T) {
	f := newFake()
	l := newLoader(t, f, "customers")
	items := []load.Item{
		{ID: 1, ExternalID: "C-1", Fields: fields("name", `"Acme"`, "city", `"Köln"`, "owner", `"00000000-0000-0000-0009-000000000001"`)},
		{ID: 2, ExternalID: "O'Neil", Fields: fields("name", `"O'Neil Ltd"`)},
	}
	out, err := l.Write(t.Context(), items)
	if err != nil || statuses(out) != "written,written" {
		t.Fatalf("first write: %v %+v", err, out)
	}
	out, err = l.Write(t.Context(), items)
	if err != nil || statuses(out) != "unchanged,unchanged" {
		t.Fatalf("rerun: %v %+v", err, out)
	}
	batches := f.Requests["POST "+dvtest.Root+"/$batch"]
	items[0].Fields["city"] = json.RawMessage(`"Bonn"`)
	out, err = l.Write(t.Context(), items[:1])
	if err != nil || statuses(out) != "written" || f.Requests["POST "+dvtest.Root+"/$batch"] != batches+1 {
		t.Fatalf("change: %v %+v", err, out)
	}
	for id := range 10 {
		row, ok := f.Row("accounts", fmt.Sprintf("00000000-0000-0000-0000-%012d", id))
		if ok && row["accountnumber"] == "C-1" && (row["address1_city"] != "Bonn" || row["_ownerid_value"] != "00000000-0000-0000-0009-000000000001") {
			t.Errorf("row %v", row)
		}
	}
}

// TestCustomersRejects: an unknown canonical field and a property
// Dataverse refuses are rejected outcomes with a reason, the rest written.
func TestCustomersRejects(t *testing.T) {
	f := newFake()
	f.ReadOnly["stw_vatid"] = true
	l := newLoader(t, f, "customers")
	out, err := l.Write(t.Context(), []load.Item{
		{ID: 1, ExternalID: "C-1", Fields: fields("name", `"A"`)},
		{ID: 2, ExternalID: "C-2", Fields: fields("shoe_size", `"42"`)},
		{ID: 3, ExternalID: "C-3", Fields: fields("vat_id", `"DE1"`)},
		{ID: 4, Fields: fields("name", `"B"`)},
	})
	if err != nil || statuses(out) != "written,rejected,rejected,rejected" {
		t.Fatalf("%v %+v", err, out)
	}
	if !strings.Contains(out[1].Reason, "shoe_size") || !strings.Contains(out[2].Reason, "0x80048d19: Property 'stw_vatid' is read-only") {
		t.Errorf("reasons %q / %q", out[1].Reason, out[2].Reason)
	}
}

// TestCustomersConflict: a row changed between the read and the write
// fails If-Match with 412; the outcome is a conflict with the row's
// current values, and Overwrite writes without the precondition.
func TestCustomersConflict(t *testing.T) {
	f := newFake()
	l := newLoader(t, f, "customers")
	f.Put("accounts", map[string]any{"accountid": "00000000-0000-0000-0001-000000000001", "accountnumber": "C-1", "name": "Old", "modifiedon": "2025-01-01T00:00:00Z"})
	f.Mutate = func(f *dvtest.Fake) {
		f.Mutate = nil
		f.Put("accounts", map[string]any{"accountid": "00000000-0000-0000-0001-000000000001", "accountnumber": "C-1", "name": "Theirs", "modifiedon": "2025-01-02T00:00:00Z"})
	}
	item := load.Item{ID: 1, ExternalID: "C-1", Fields: fields("name", `"Ours"`)}
	out, err := l.Write(t.Context(), []load.Item{item})
	if err != nil || statuses(out) != "conflict" || string(out[0].Current["name"]) != `"Theirs"` {
		t.Fatalf("%v %+v", err, out)
	}
	item.Overwrite = true
	out, err = l.Write(t.Context(), []load.Item{item})
	if err != nil || statuses(out) != "written" {
		t.Fatalf("overwrite: %v %+v", err, out)
	}
	if row, _ := f.Row("accounts", "00000000-0000-0000-0001-000000000001"); row["name"] != "Ours" {
		t.Errorf("row %v", row)
	}
}

// TestLeadScores: score, model and reasons go onto the existing lead by
// id; a missing lead and a score without model are rejected.
func TestLeadScores(t *testing.T) {
	f := newFake()
	l := newLoader(t, f, "lead_scores")
	id := "00000000-0000-0000-0002-000000000001"
	f.Put("leads", map[string]any{"leadid": id, "emailaddress1": "a@b.example", "modifiedon": "2025-01-01T00:00:00Z"})
	out, err := l.Write(t.Context(), []load.Item{
		{ID: 1, ExternalID: id, Fields: fields("score", `"87.5"`, "model", `"rules-v2"`, "reasons", `["budget","fit"]`)},
		{ID: 2, ExternalID: "00000000-0000-0000-0002-000000000009", Fields: fields("score", `"1"`, "model", `"m"`, "reasons", `["r"]`)},
		{ID: 3, ExternalID: id, Fields: fields("score", `"50"`)},
		{ID: 4, ExternalID: id, Fields: fields("owner", `"x"`)},
	})
	if err != nil || statuses(out) != "written,rejected,rejected,rejected" {
		t.Fatalf("%v %+v", err, out)
	}
	row, _ := f.Row("leads", id)
	if fmt.Sprint(row["stw_score"]) != "87.5" || row["stw_scoremodel"] != "rules-v2" || row["stw_scorereasons"] != "budget; fit" {
		t.Errorf("lead %v", row)
	}
	out, _ = l.Write(t.Context(), []load.Item{{ID: 1, ExternalID: id, Fields: fields("score", `"87.50"`, "model", `"rules-v2"`, "reasons", `["budget","fit"]`)}})
	if statuses(out) != "unchanged" {
		t.Errorf("rerun %+v", out)
	}
}

// TestProducts upserts products by product number with name, description
// and the price in the configured currency.
func TestProducts(t *testing.T) {
	f := newFake()
	l := newLoader(t, f, "products")
	name := `[{"attribute":"name","locale":"en_US","kind":"text","text":"Shirt"}]`
	out, err := l.Write(t.Context(), []load.Item{
		{ID: 1, ExternalID: "SKU-1", Fields: fields("name", name, "price", `{"amount":"12.5","currency":"EUR"}`)},
		{ID: 2, ExternalID: "SKU-2", Fields: fields("price", `{"amount":"12.5","currency":"USD"}`)},
		{ID: 3, ExternalID: "SKU-3", Fields: fields("weight", `[]`)},
	})
	if err != nil || statuses(out) != "written,rejected,rejected" {
		t.Fatalf("%v %+v", err, out)
	}
	out, _ = l.Write(t.Context(), []load.Item{{ID: 1, ExternalID: "SKU-1", Fields: fields("name", name, "price", `{"amount":"12.50","currency":"EUR"}`)}})
	if statuses(out) != "unchanged" {
		t.Errorf("rerun %+v", out)
	}
}

// TestReplayedBatch: a $batch applied but answered 503 is sent again; its
// If-Match now fails on the etag of its own write, which is written, not a
// conflict.
func TestReplayedBatch(t *testing.T) {
	f := newFake()
	f.Put("accounts", map[string]any{"accountid": "00000000-0000-0000-0001-000000000001", "accountnumber": "C-1", "name": "Old", "modifiedon": "2025-01-01T00:00:00Z"})
	lost := 0
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/$batch") && lost == 0 {
			lost++
			f.ServeHTTP(httptest.NewRecorder(), r)
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		f.ServeHTTP(w, r)
	})
	l := newLoaderOn(t, h, "customers")
	out, err := l.Write(t.Context(), []load.Item{{ID: 1, ExternalID: "C-1", Fields: fields("name", `"New"`)}})
	if err != nil || statuses(out) != "written" || lost != 1 {
		t.Fatalf("%v %+v (lost %d)", err, out, lost)
	}
}

// TestCurrent lists every account with its owned fields, canonical.
func TestCurrent(t *testing.T) {
	f := newFake()
	l := newLoader(t, f, "customers")
	for i := range 13 {
		f.Put("accounts", map[string]any{"accountid": fmt.Sprintf("00000000-0000-0000-0001-%012d", i), "accountnumber": fmt.Sprintf("C-%d", i), "name": fmt.Sprintf("N%d", i), "address1_city": nil, "modifiedon": "2025-01-01T00:00:00Z"})
	}
	spec := l.(*loader.Loader)
	got := map[string]string{}
	err := loader.WithOwned(spec, []string{"name", "city"}).Current(t.Context(), func(id string, fs map[string]json.RawMessage) error {
		got[id] = string(fs["name"]) + "|" + string(fs["city"])
		return nil
	})
	if err != nil || len(got) != 13 || got["C-7"] != `"N7"|""` {
		t.Fatalf("%v %v", err, got)
	}
}
