package main

import (
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/sandbox"
	"github.com/stewardhq/steward/internal/sandbox/fault"
)

// Issue 6 item 16: a product holding a raw NUL byte inside a string makes its
// page undecodable. The run isolates it, quarantines its raw bytes with the
// reason, stages every other product, and a rerun does not fail there.
func TestPoisonedRecordIsIsolated(t *testing.T) {
	t.Parallel()
	sb, cfg := startSandboxWith(t, 1200, 9, sandbox.ConfigOptions{PageSize: 50})
	poisoned := sb.Catalog.UUID(617)
	sb.AkeneoFaults.Update(&fault.Set{Path: "products-uuid", Drift: 100000,
		DriftOld: `"uuid":"` + poisoned + `"`, DriftNew: `"uuid":"` + poisoned + `","note":"a` + "\x00" + `b"`})
	// The sandbox's update times span 5 minutes and the overlap is 10, so the
	// second run reads the poisoned page again.
	for attempt := 1; attempt <= 2; attempt++ {
		if _, code := steward(t, "run", "products", "--config", cfg); code != 0 {
			t.Fatalf("run %d over one poisoned product of 1200 failed", attempt)
		}
		if run := lastRun(t, cfg, "products"); run.Quarantined != 1 || run.Read != 1200 {
			t.Fatalf("run %d: %+v; want 1200 read, 1 quarantined", attempt, run.Counts)
		}
	}
	st := openState(t, cfg)
	var q struct {
		Key    string `db:"key"`
		Raw    []byte `db:"raw"`
		Reason string `db:"reason"`
	}
	if err := st.DB().Get(&q, `SELECT key, raw, reason FROM quarantine ORDER BY id LIMIT 1`); err != nil {
		t.Fatal(err)
	}
	if q.Key != poisoned || !strings.Contains(string(q.Raw), "a\x00b") || !strings.Contains(q.Reason, `invalid character '\x00' in string literal`) {
		t.Errorf("quarantine row key %q, reason %q, raw has NUL: %v", q.Key, q.Reason, strings.Contains(string(q.Raw), "\x00"))
	}
	var staged int
	if err := st.DB().Get(&staged, `SELECT COUNT(*) FROM staged WHERE data_type = 'products'`); err != nil {
		t.Fatal(err)
	}
	if staged != 1199 {
		t.Errorf("%d products staged, want 1199", staged)
	}
}

// Issue 6 item 14: a page without its items array fails the run (after asking
// again); the pass never ends as if the page were empty.
func TestPageWithoutItemsFailsTheRun(t *testing.T) {
	t.Parallel()
	sb, cfg := startSandboxWith(t, 300, 9, sandbox.ConfigOptions{PageSize: 50, Partitions: 1})
	sb.AkeneoFaults.Update(&fault.Set{Path: "products-uuid", Skip: 2, Drift: 100000,
		DriftOld: `"_embedded":{"items":`, DriftNew: `"_embedded":{},"other":{"items":`})
	if _, code := steward(t, "run", "products", "--config", cfg); code != 1 {
		t.Fatal("a run over pages without items did not fail")
	}
	run := lastRun(t, cfg, "products")
	if !strings.Contains(run.Error, "no _embedded.items") || run.Staged != 100 {
		t.Errorf("run error %q, %d staged; want the protocol error after 2 pages (100 products)", run.Error, run.Staged)
	}
	if got := sb.AkeneoFaults.Injected()["drift"]; got != 3 {
		t.Errorf("the bad page was asked for %d times, want 3", got)
	}
}
