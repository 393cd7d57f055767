package main

import (
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/sandbox"
	"github.com/stewardhq/steward/internal/sandbox/fault"
)

// Issue 6 item 16 for OData: a price condition record holding a raw NUL byte
// makes its page undecodable. The prices run isolates it by asking again with
// $top halved, quarantines its raw bytes with the reason, stages every other
// price, and a rerun succeeds too.
func TestPoisonedPriceIsIsolated(t *testing.T) {
	t.Parallel()
	const n = 1200
	sb, cfg := startSandboxWith(t, n, 9, sandbox.ConfigOptions{})
	poisoned := "0000000618"
	sb.SAPFaults.Update(&fault.Set{Path: "SlsPrcgConditionRecord", Drift: 100000,
		DriftOld: `"ConditionRecord":"` + poisoned + `"`, DriftNew: `"ConditionRecord":"` + poisoned + `","note":"a` + "\x00" + `b"`})
	for attempt := 1; attempt <= 2; attempt++ {
		if _, code := steward(t, "run", "prices", "--config", cfg); code != 0 {
			t.Fatalf("run %d over one poisoned price of %d failed: %s", attempt, n, lastRun(t, cfg, "prices").Error)
		}
	}
	if got := sb.SAPFaults.Injected()["drift"]; got == 0 {
		t.Fatal("no page was poisoned; the test proves nothing")
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
	if err := st.DB().Get(&staged, `SELECT COUNT(*) FROM staged WHERE data_type = 'prices'`); err != nil {
		t.Fatal(err)
	}
	if staged != n-1 {
		t.Errorf("%d prices staged, want %d", staged, n-1)
	}
}
