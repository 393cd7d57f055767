package connector

import (
	"slices"
	"strings"
	"testing"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/load"
	"github.com/stewardhq/steward/transform"
)

func panics(fn func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = r.(string)
		}
	}()
	fn()
	return ""
}

// TestRegistryDerivesTheCentralTables: the extract and load registries, the
// auth flows and the names config validation accepts all come from the
// registered kinds.
func TestRegistryDerivesTheCentralTables(t *testing.T) {
	r := NewRegistry()
	r.Register(Kind{Name: "pim", HTTP: true,
		Extract: func(extract.Spec) (extract.Extractor, error) { return nil, nil },
		Load:    func(load.Spec) (load.Loader, error) { return nil, nil },
		Auth:    map[string]httpx.Flow{"pim_grant": {Needs: []string{"username"}}}})
	r.Register(Kind{Name: "drop", Load: func(load.Spec) (load.Loader, error) { return nil, nil }})
	if got := r.Extractors().Kinds(); !slices.Equal(got, []string{"pim"}) {
		t.Errorf("extractors %v", got)
	}
	if got := r.Loaders().Kinds(); !slices.Equal(got, []string{"drop", "pim"}) {
		t.Errorf("loaders %v", got)
	}
	types := transform.NewTypes()
	types.Register("prices", transform.Prices)
	types.Register("articles", transform.DataType{Name: "articles", New: func() transform.Entity { return new(transform.Product) }})
	k := r.Known(types)
	if !slices.Equal(k.Kinds, []string{"drop", "pim"}) || !slices.Equal(k.Local, []string{"drop"}) {
		t.Errorf("kinds %v, local %v", k.Kinds, k.Local)
	}
	if !slices.Equal(k.Auth["pim_grant"], []string{"username"}) || k.Auth[config.AuthBasic] == nil {
		t.Errorf("auth needs %v", k.Auth)
	}
	if !slices.Contains(k.DataTypes, "prices") || !slices.Equal(k.Checked, []string{"articles"}) {
		t.Errorf("data types %v, checked %v", k.DataTypes, k.Checked)
	}
}

// TestRegistryRefusesDuplicates: a kind or an auth flow registered twice is
// a wiring bug and panics, as sql.Register does.
func TestRegistryRefusesDuplicates(t *testing.T) {
	r := NewRegistry()
	r.Register(Kind{Name: "pim"})
	if msg := panics(func() { r.Register(Kind{Name: "pim"}) }); !strings.Contains(msg, "pim") {
		t.Errorf("second pim: panic %q", msg)
	}
	if msg := panics(func() { r.Register(Kind{}) }); msg == "" {
		t.Error("a kind without a name was registered")
	}
	r.Register(Kind{Name: "other", Auth: map[string]httpx.Flow{config.AuthBasic: {}}})
	if msg := panics(func() { r.Auths() }); !strings.Contains(msg, config.AuthBasic) {
		t.Errorf("a kind registering basic again: panic %q", msg)
	}
}

// TestDecodeOncePerSystem: Decode runs each system's kind's decoder once,
// keeps the typed value under the system's name, and leaves out systems of
// kinds not registered.
func TestDecodeOncePerSystem(t *testing.T) {
	calls := map[string]int{}
	r := NewRegistry()
	r.Register(Kind{Name: "pim", Decode: func(_ *config.File, system string) (any, config.Problems) {
		calls[system]++
		return "settings of " + system, nil
	}})
	f := &config.File{Systems: map[string]config.System{"a": {Kind: "pim"}, "b": {Kind: "pim"}, "c": {Kind: "unknown"}}}
	s, ps := r.Decode(f)
	if len(ps) > 0 || s["a"] != "settings of a" || s["b"] != "settings of b" || len(s) != 2 || calls["a"] != 1 || calls["b"] != 1 {
		t.Errorf("settings %v, problems %v, calls %v", s, ps, calls)
	}
	if _, err := SettingsOf[int](s["a"], "pim extractor", "a"); err == nil || !strings.Contains(err.Error(), "system a") {
		t.Errorf("settings of the wrong type: %v", err)
	}
}

// TestQuotaAlertWarnsWithoutAQuotaKind: the kinds that report a quota come
// from the registry (Kind.ReportsQuota), so a job alerting on a quota whose
// systems are all of other kinds draws a warning naming those kinds, and a
// job reading or writing a system of one draws none.
func TestQuotaAlertWarnsWithoutAQuotaKind(t *testing.T) {
	r := NewRegistry()
	r.Register(Kind{Name: "crm", HTTP: true, ReportsQuota: true, Load: func(load.Spec) (load.Loader, error) { return nil, nil }})
	r.Register(Kind{Name: "erp", HTTP: true, Extract: func(extract.Spec) (extract.Extractor, error) { return nil, nil }})
	r.Register(Kind{Name: "pim", HTTP: true, Load: func(load.Spec) (load.Loader, error) { return nil, nil }})
	types := transform.NewTypes()
	types.Register("prices", transform.Prices)
	k := r.Known(types)
	if !slices.Equal(k.Quota, []string{"crm"}) {
		t.Fatalf("quota kinds %v, want [crm]", k.Quota)
	}
	text := `version: 1
staging: {sqlite: s.db, parquet_dir: pq}
systems:
  erp: {kind: erp, base_url: "https://erp.example.com"}
  pim: {kind: pim, base_url: "https://pim.example.com"}
  crm: {kind: crm, base_url: "https://crm.example.com"}
alerts:
  channels:
    ops: {webhook: {url: "${HOOK}"}}
jobs:
  - name: to-pim
    data_type: prices
    cadence: "@daily"
    extract: {system: erp, entity: prices, mode: full, cursor_field: changed}
    load: {targets: [{system: pim, fields: [price]}]}
    alerts: {channels: [ops], quota_below: "10"}
  - name: to-crm
    data_type: prices
    cadence: "@daily"
    extract: {system: erp, entity: prices, mode: full, cursor_field: changed}
    load: {targets: [{system: crm, fields: [price]}]}
    alerts: {channels: [ops], quota_below: "10"}
`
	f, err := config.Parse("q.yaml", []byte(text), k, func(string) (string, bool) { return "https://hooks.example.com/x", true })
	if err != nil {
		t.Fatal(err)
	}
	want := `q.yaml:16:31: jobs[0].alerts.quota_below: job to-pim alerts on a quota, but none of its systems (erp, pim) reports one (hint: remove quota_below, or alert on a job reading or writing a system of kind crm)`
	if ws := f.Warnings(); ws.Error() != want {
		t.Errorf("warnings:\n  %v\nwant\n  %s", ws, want)
	}
}
