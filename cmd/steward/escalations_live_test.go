package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/connector"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/load"
)

// liveLoader is the fake systems' loader that can also list a system's
// accounts (load.ReconcileReader).
type liveLoader struct {
	load.Loader
	a      *accounts
	system string
}

// Current lists the system's accounts by external id with their email and
// street.
func (l liveLoader) Current(_ context.Context, fn func(string, map[string]json.RawMessage) error) error {
	l.a.mu.Lock()
	fields := map[string]map[string]json.RawMessage{}
	for _, c := range l.a.data[l.system] {
		e, _ := json.Marshal(c.Email)
		s, _ := json.Marshal(c.Street)
		fields[c.ExternalID] = map[string]json.RawMessage{"email": e, "street": s}
	}
	l.a.mu.Unlock()
	for id, f := range fields {
		if err := fn(id, f); err != nil {
			return err
		}
	}
	return nil
}

// TestMergeEscalatesAChangeTheTargetMadeSinceItWasStaged: the CRM changes
// an account's email after its job last staged it, the ERP changes it too;
// the ERP's job, reading the CRM's live values, escalates instead of
// overwriting the CRM's change.
func TestMergeEscalatesAChangeTheTargetMadeSinceItWasStaged(t *testing.T) {
	cfg, r, sys := customersSetup(t)
	kinds := connector.NewRegistry()
	kinds.Register(connector.Kind{Name: "odata", HTTP: true, Extract: sys.extractor, Load: func(spec load.Spec) (load.Loader, error) {
		l, err := sys.loader(spec)
		return liveLoader{Loader: l, a: sys, system: spec.System}, err
	}})
	r.Kinds = kinds
	sys.set("crm", "C1", "a@x", "Main 1")
	sys.set("erp", "E1", "a@x", "Main 1")
	runJob(t, r, "customers-crm", false)
	runJob(t, r, "customers-erp", false)
	sys.set("crm", "C1", "crm@x", "Main 1")
	sys.set("erp", "E1", "erp@x", "Main 1")
	runJob(t, r, "customers-erp", false)
	if got := sys.email("crm", "C1"); got != "crm@x" {
		t.Fatalf("the CRM's unstaged change was overwritten: %s", got)
	}
	es, err := sqliteOf(t, r).Escalations(t.Context(), store.EscalationFilter{Status: store.EscalationOpen})
	if err != nil || len(es) != 1 || es[0].Fields != `["email"]` || !strings.Contains(es[0].TargetVersion, "crm@x") {
		t.Fatalf("escalations %+v (%v); want the email with the CRM's live value", es, err)
	}
	if out, _ := steward(t, "escalations", "list", "--config", cfg); !strings.Contains(out, "customers-erp") {
		t.Errorf("list:\n%s", out)
	}
}
