package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/store"
)

// A leads job and the systems its route names, for resolving its
// escalations (nothing is run).
const leadsOwnerYAML = `version: 1
staging: {sqlite: DIR/state/steward.db, parquet_dir: DIR/state/parquet}
privacy:
  key: ${STEWARD_PII_KEY}
systems:
  hubspot:
    kind: hubspot
    base_url: https://api.hubapi.com
    auth:
      type: bearer
      token: ${HUBSPOT_TOKEN}
  pim:
    kind: salsify
    base_url: https://app.salsify.com
    auth:
      type: bearer
      token: ${SALSIFY_TOKEN}
    settings: {org_id: s-0123abcd}
jobs:
  - name: leads
    data_type: leads
    cadence: "*/2 * * * *"
    extract: {system: hubspot, entity: contacts, mode: incremental, cursor_field: lastmodifieddate}
    load:
      targets:
        - {system: hubspot, fields: [owner, score, model, reasons, matched_products, next_steps]}
    route:
      catalog: {system: pim, data_type: products}
      accounts: {system: hubspot, data_type: customers}
      reps:
        - {email: rep1@example.com, families: [shirts], regions: [DE], capacity: 10}
        - {email: Rep2@Example.com, families: [furniture], regions: [DE, FR], capacity: 10}
`

// resolveErr runs steward with args and returns its exit code and error.
func resolveErr(t *testing.T, args ...string) (int, error) {
	t.Helper()
	root := newRoot()
	root.SetArgs(append(args, "--log-level", "warn"))
	root.SetOut(&bytes.Buffer{})
	root.SetErr(&bytes.Buffer{})
	err := root.ExecuteContext(t.Context())
	return exitCode(err), err
}

// TestEscalationsResolveOwnerMustBeARep: resolving an escalated lead with
// an owner that is not one of the job's route.reps (a typo) is a usage
// error naming the reps, and the escalation stays open; a rep in another
// case is written as configured.
func TestEscalationsResolveOwnerMustBeARep(t *testing.T) {
	t.Setenv("STEWARD_PII_KEY", "escalations-owner-test-key")
	t.Setenv("HUBSPOT_TOKEN", "pat-test")
	t.Setenv("SALSIFY_TOKEN", "salsify-test")
	dir := t.TempDir()
	cfg := filepath.Join(dir, "steward.yaml")
	if err := os.WriteFile(cfg, []byte(strings.ReplaceAll(leadsOwnerYAML, "DIR", dir)), 0o644); err != nil {
		t.Fatal(err)
	}
	st := openState(t, cfg)
	err := st.Escalate(t.Context(), []store.Escalation{{Job: "leads", DataType: "leads", CanonicalID: "e-1", Kind: store.EscalationLeadRouting,
		SourceSystem: "hubspot", SourceKey: "501", TargetSystem: "hubspot", TargetKey: "501", Reason: "no_product: nothing named"}})
	if err != nil {
		t.Fatal(err)
	}
	code, err := resolveErr(t, "escalations", "resolve", "1", "--owner", "rep1@exmaple.com", "--reviewer", "ana", "--config", cfg)
	if code != 2 || err == nil || !strings.Contains(err.Error(), "rep1@exmaple.com") || !strings.Contains(err.Error(), "rep1@example.com, Rep2@Example.com") {
		t.Fatalf("resolve with a typo in the owner: exit %d, %v; want a usage error naming the reps", code, err)
	}
	if e, _ := st.GetEscalation(t.Context(), 1); e.Status != store.EscalationOpen {
		t.Fatalf("after a refused owner the escalation is %s; want open", e.Status)
	}
	out, code := steward(t, "escalations", "resolve", "1", "--owner", "rep2@example.com", "--reviewer", "ana", "--config", cfg)
	if code != 0 || !strings.Contains(out, "queued: hubspot 501 (via leads)") {
		t.Fatalf("resolve with a rep: exit %d:\n%s", code, out)
	}
	items, err := st.PendingOutbox(t.Context(), "leads", "hubspot", 0, 10)
	if err != nil || len(items) != 1 || !strings.Contains(string(items[0].Payload), `"owner":"Rep2@Example.com"`) {
		t.Errorf("queued %+v, %v; want the owner as configured", items, err)
	}
}
