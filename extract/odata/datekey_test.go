package odata_test

import (
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/sandbox/sap"
)

// TestDateKeyPaging: an entity set whose key includes an Edm.Date (as SAP's
// A_SlsPrcgCndnRecdValidity does) pages by key set against an emulator that
// answers 400 to a quoted date: every row is read once, also when every
// change time ties (issue 6 item 10).
func TestDateKeyPaging(t *testing.T) {
	const n = 23
	cfg := strings.Replace(config(srvPlaceholder, 5, "keyset"), "key: [ConditionRecord]",
		"key: [ConditionValidityEndDate, ConditionRecord]\n          key_types: {ConditionValidityEndDate: Edm.Date}", 1)
	for _, mode := range []sap.Mode{{PageSize: 4}, {PageSize: 4, NullChangeEvery: 3}} {
		r := rigFor(t, n, cfg, mode, nil)
		p := r.pass(t, record.Cursor{})
		if p.err != nil {
			t.Fatalf("mode %+v: pass failed after %d keys: %v", mode, len(p.keys), p.err)
		}
		seen := map[string]bool{}
		for _, k := range append(p.keys, p.bad...) {
			if seen[k] || !strings.HasPrefix(k, "9999-12-31/") {
				t.Fatalf("mode %+v: key %q read twice or not keyed by date and record", mode, k)
			}
			seen[k] = true
		}
		if len(seen) != n {
			t.Fatalf("mode %+v: %d keys read, want %d", mode, len(seen), n)
		}
	}
}
