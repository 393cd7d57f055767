package main

import (
	"context"
	"encoding/json"
	"iter"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract"
	"github.com/stewardhq/steward/internal/connector"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/jobs"
	"github.com/stewardhq/steward/load"
	"github.com/stewardhq/steward/transform"
)

// An ERP and a CRM that share customer accounts (ERP ↔ CRM, merged with
// escalation), held in memory: each job reads its system's accounts and
// writes the other's through these fakes.
const customersYAML = `version: 1
staging: {sqlite: DIR/state/steward.db, parquet_dir: DIR/state/parquet}
systems:
  erp:
    kind: odata
    base_url: https://erp.example.com
    auth: {type: none}
    settings: {entities: {A_Customer: {path: /A_Customer, key: [Customer]}}}
  crm:
    kind: odata
    base_url: https://crm.example.com
    auth: {type: none}
    settings: {entities: {Account: {path: /Account, key: [Id]}}}
jobs:
  - name: customers-erp
    data_type: customers
    cadence: "@daily"
    extract: {system: erp, entity: A_Customer, mode: full}
    load: {targets: [{system: crm, fields: [email, street]}]}
    transform: {match_keys: [external_id, vat_id]}
  - name: customers-crm
    data_type: customers
    cadence: "@daily"
    extract: {system: crm, entity: Account, mode: full}
    load: {targets: [{system: erp, fields: [email, street]}]}
privacy:
  key: ${STEWARD_PII_KEY}
`

// accounts is the fake systems' data: system → native id → account.
type accounts struct {
	mu   sync.Mutex
	data map[string]map[string]*transform.Customer
}

func (a *accounts) set(system, id, email, street string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.data[system][id] = &transform.Customer{ID: id, ExternalID: "X1", Name: "Acme", Email: email, Street: street}
}

func (a *accounts) put(system string, c transform.Customer) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.data[system][c.ID] = &c
}

func (a *accounts) email(system, id string) string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.data[system][id].Email
}

// extractor yields a system's accounts as one page.
func (a *accounts) extractor(spec extract.Spec) (extract.Extractor, error) {
	return extractFunc(func(context.Context, record.Cursor) iter.Seq2[record.Page, error] {
		return func(yield func(record.Page, error) bool) {
			a.mu.Lock()
			var p record.Page
			for id, c := range a.data[spec.System] {
				b, _ := json.Marshal(c)
				p.Records = append(p.Records, record.Record{Key: id, Payload: b})
			}
			a.mu.Unlock()
			yield(p, nil)
		}
	}), nil
}

type extractFunc func(context.Context, record.Cursor) iter.Seq2[record.Page, error]

func (f extractFunc) Extract(ctx context.Context, from record.Cursor) iter.Seq2[record.Page, error] {
	return f(ctx, from)
}

// loader writes fields into a system's account by external id.
func (a *accounts) loader(spec load.Spec) (load.Loader, error) {
	return loadFunc(func(_ context.Context, items []load.Item) ([]load.Outcome, error) {
		a.mu.Lock()
		defer a.mu.Unlock()
		out := make([]load.Outcome, len(items))
		for i, it := range items {
			out[i] = load.Outcome{ID: it.ID, Status: load.Rejected, Reason: "no account " + it.ExternalID}
			for _, c := range a.data[spec.System] {
				if c.ExternalID == it.ExternalID {
					_ = json.Unmarshal(it.Fields["email"], &c.Email)
					_ = json.Unmarshal(it.Fields["street"], &c.Street)
					out[i] = load.Outcome{ID: it.ID, Status: load.Written}
				}
			}
		}
		return out, nil
	}), nil
}

type loadFunc func(context.Context, []load.Item) ([]load.Outcome, error)

func (f loadFunc) Write(ctx context.Context, items []load.Item) ([]load.Outcome, error) {
	return f(ctx, items)
}

func customersSetup(t *testing.T) (cfg string, r *jobs.Runner, sys *accounts) {
	t.Helper()
	return customersSetupWith(t, customersYAML)
}

func customersSetupWith(t *testing.T, yaml string) (cfg string, r *jobs.Runner, sys *accounts) {
	t.Helper()
	t.Setenv("STEWARD_PII_KEY", "escalations-test-key")
	dir := t.TempDir()
	cfg = filepath.Join(dir, "steward.yaml")
	if err := os.WriteFile(cfg, []byte(strings.ReplaceAll(yaml, "DIR", dir)), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := config.Load(cfg, known())
	if err != nil {
		t.Fatal(err)
	}
	st := openState(t, cfg)
	sys = &accounts{data: map[string]map[string]*transform.Customer{"erp": {}, "crm": {}}}
	kinds := connector.NewRegistry()
	kinds.Register(connector.Kind{Name: "odata", HTTP: true, Extract: sys.extractor, Load: sys.loader})
	settings, ps := kinds.Decode(f)
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	return cfg, &jobs.Runner{Config: f, Store: st, Kinds: kinds, Settings: settings, Log: zerolog.Nop()}, sys
}

// sqliteOf is the SQLite store a test runner was built on, for what the
// runner itself never calls (escalations are made by page commits, read by
// commands).
func sqliteOf(t *testing.T, r *jobs.Runner) *store.Store {
	t.Helper()
	st, ok := r.Store.(*store.Store)
	if !ok {
		t.Fatalf("runner store %T is not SQLite", r.Store)
	}
	return st
}

func runJob(t *testing.T, r *jobs.Runner, job string, skipWrite bool) {
	t.Helper()
	if _, err := r.Run(t.Context(), jobs.Request{Job: job, Trigger: "manual", SkipWriteBack: skipWrite, SkipDerived: true}); err != nil {
		t.Fatalf("run %s: %v", job, err)
	}
}

func TestEscalationsListShowResolveAppliesToBothSystems(t *testing.T) {
	cfg, r, sys := customersSetup(t)
	sys.set("crm", "C1", "a@x", "Main 1")
	sys.set("erp", "E1", "a@x", "Main 1")
	runJob(t, r, "customers-crm", false)
	runJob(t, r, "customers-erp", false)
	// Both systems change the email before either's change is synced (the
	// CRM's write-back waits); the ERP also moves the street.
	sys.set("crm", "C1", "crm@x", "Main 1")
	sys.set("erp", "E1", "erp@x", "Elm 2")
	runJob(t, r, "customers-crm", true)
	runJob(t, r, "customers-erp", false)
	if got := sys.email("crm", "C1"); got != "crm@x" {
		t.Fatalf("the conflicting email was written to the CRM: %s", got)
	}
	out, code := steward(t, "escalations", "list", "--config", cfg)
	if code != 0 || !strings.Contains(out, "customers-erp") || !strings.Contains(out, "conflict") || !strings.Contains(out, "email") || strings.Count(out, "\n") != 2 {
		t.Fatalf("list (exit %d):\n%s", code, out)
	}
	out, _ = steward(t, "escalations", "show", "1", "--config", cfg)
	for _, want := range []string{`"email":"erp@x"`, `"email":"crm@x"`, `base:       {"email":"a@x"`, "fields:     email"} {
		if !strings.Contains(out, want) {
			t.Errorf("show lacks %s:\n%s", want, out)
		}
	}
	if _, code := steward(t, "escalations", "resolve", "1", "--take", "email=x", "--config", cfg); code != 2 {
		t.Errorf("resolve without a reviewer: exit %d, want 2", code)
	}
	out, code = steward(t, "escalations", "resolve", "1", "--take", "email=billing@x", "--reviewer", "ana", "--reason", "asked", "--config", cfg)
	if code != 0 || !strings.Contains(out, "crm X1 (via customers-erp)") || !strings.Contains(out, "erp X1 (via customers-crm)") {
		t.Fatalf("resolve (exit %d): %s", code, out)
	}
	// The next run of each job writes the decision.
	runJob(t, r, "customers-crm", false)
	runJob(t, r, "customers-erp", false)
	if e, c := sys.email("erp", "E1"), sys.email("crm", "C1"); e != "billing@x" || c != "billing@x" {
		t.Errorf("after the decision: erp %s, crm %s; want billing@x in both", e, c)
	}
	out, _ = steward(t, "escalations", "list", "--status", "resolved", "--config", cfg)
	if !strings.Contains(out, "resolved") {
		t.Errorf("resolved list:\n%s", out)
	}
	if _, code := steward(t, "escalations", "resolve", "1", "--take", "source", "--reviewer", "ana", "--config", cfg); code != 2 {
		t.Errorf("a second decision: exit %d, want 2", code)
	}
	if out, _ := steward(t, "escalations", "list", "--config", cfg); strings.Count(out, "\n") != 1 {
		t.Errorf("open escalations remain:\n%s", out)
	}
}

func TestEscalationsDismissAndBadInput(t *testing.T) {
	cfg, r, _ := customersSetup(t)
	err := sqliteOf(t, r).Escalate(t.Context(), []store.Escalation{{Job: "customers-erp", DataType: "customers", Kind: store.EscalationConflict,
		SourceSystem: "erp", SourceKey: "E1", TargetSystem: "crm", Fields: `["email"]`}})
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"show", "99"}, {"show", "x"}, {"list", "--status", "later"}, {"list", "--job", "nope"},
		{"dismiss", "1", "--reviewer", "ana"}, {"resolve", "1", "--reviewer", "ana"},
		{"resolve", "1", "--take", "colour=red", "--reviewer", "ana"},
	} {
		if _, code := steward(t, append(append([]string{"escalations"}, args...), "--config", cfg)...); code != 2 {
			t.Errorf("escalations %v: exit %d, want 2", args, code)
		}
	}
	out, code := steward(t, "escalations", "dismiss", "1", "--reason", "merged by hand", "--reviewer", "ana", "--config", cfg)
	if code != 0 || !strings.Contains(out, "dismissed by ana") {
		t.Fatalf("dismiss (exit %d): %s", code, out)
	}
	e, _ := sqliteOf(t, r).GetEscalation(t.Context(), 1)
	if e.Status != store.EscalationDismissed || e.Reason != "merged by hand" || e.DecidedBy != "ana" {
		t.Errorf("after dismiss: %+v", e)
	}
}

// TESTING.md row 37: two CRM accounts with one VAT id; the ERP account that
// carries it escalates and nothing is written until a person links it.
func TestAmbiguousAccountEscalatesAndIsLinkedByHand(t *testing.T) {
	cfg, r, sys := customersSetup(t)
	sys.put("crm", transform.Customer{ID: "C1", ExternalID: "X1", Name: "Acme", VATID: "DE1", Email: "a@x"})
	sys.put("crm", transform.Customer{ID: "C2", ExternalID: "X2", Name: "Acme GmbH", VATID: "DE1", Email: "b@x"})
	sys.put("erp", transform.Customer{ID: "E1", Name: "Acme", VATID: "DE1", Email: "erp@x"})
	runJob(t, r, "customers-crm", true)
	runJob(t, r, "customers-erp", false)
	if sys.email("crm", "C1") != "a@x" || sys.email("crm", "C2") != "b@x" {
		t.Fatal("an ambiguous account was written")
	}
	if n, _ := r.Store.PendingOutbox(t.Context(), "customers-erp", "crm", 0, 10); len(n) != 0 {
		t.Fatalf("writes queued for an ambiguous account: %+v", n)
	}
	out, _ := steward(t, "escalations", "show", "1", "--config", cfg)
	if !strings.Contains(out, "ambiguous_match") || !strings.Contains(out, `"native_id":"C1"`) || !strings.Contains(out, `"native_id":"C2"`) {
		t.Fatalf("show:\n%s", out)
	}
	if _, code := steward(t, "escalations", "resolve", "1", "--link", "C9", "--reviewer", "ana", "--config", cfg); code != 2 {
		t.Errorf("--link to no candidate: exit %d, want 2", code)
	}
	out, code := steward(t, "escalations", "resolve", "1", "--link", "C2", "--reviewer", "ana", "--config", cfg)
	if code != 0 || !strings.Contains(out, "erp E1 linked to entity") {
		t.Fatalf("resolve --link (exit %d): %s", code, out)
	}
	e1, _ := r.Store.Links(t.Context(), "erp", "customers", []string{"E1"})
	c2, _ := r.Store.Links(t.Context(), "crm", "customers", []string{"C2"})
	if e1["E1"].CanonicalID == "" || e1["E1"].CanonicalID != c2["C2"].CanonicalID {
		t.Errorf("E1 %+v not linked to C2 %+v", e1["E1"], c2["C2"])
	}
	// The next pass decides the linked account: C2 and E1 first meet now.
	runJob(t, r, "customers-erp", true)
	es, _ := sqliteOf(t, r).Escalations(t.Context(), store.EscalationFilter{Status: store.EscalationOpen})
	if len(es) != 1 || es[0].Kind != store.EscalationConflict || es[0].TargetVersion != `{"email":"b@x"}` {
		t.Errorf("after the link: %+v", es)
	}
}

func TestValidateRejectsAMatchKeyTheDataTypeLacks(t *testing.T) {
	t.Setenv("STEWARD_PII_KEY", "escalations-test-key")
	dir := t.TempDir()
	cfg := filepath.Join(dir, "steward.yaml")
	bad := strings.Replace(strings.ReplaceAll(customersYAML, "DIR", dir), "match_keys: [external_id, vat_id]", "match_keys: [external_id, gtin]", 1)
	if err := os.WriteFile(cfg, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errOut strings.Builder
	root := newRoot()
	root.SetArgs([]string{"validate", "--config", cfg})
	root.SetOut(&out)
	root.SetErr(&errOut)
	err := root.ExecuteContext(t.Context())
	if code := exitCode(err); code != 2 || !strings.Contains(err.Error(), `steward.yaml:20:43:`) ||
		!strings.Contains(err.Error(), `jobs[0].transform.match_keys[1]: data type customers has no match key "gtin"`) {
		t.Errorf("validate: exit %d: %v", code, err)
	}
}
