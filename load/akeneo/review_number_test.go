package akeneo

import (
	"encoding/json"
	"testing"
)

// Akeneo sends a number attribute with decimals allowed as a string
// ("89.897", PROTOCOLS.md §1.5). The same number wanted again is no change:
// otherwise every run (and every reconcile) PATCHes it anew and reports drift.
func TestDiffValuesDecimalNumberSentAsString(t *testing.T) {
	cur := `[{"locale":null,"scope":null,"data":"89.8970"}]`
	want := `[{"attribute":"length","kind":"number","number":"89.897"}]`
	out, err := diffValues("length", json.RawMessage(cur), json.RawMessage(want))
	if err != nil || len(out) != 0 {
		b, _ := json.Marshal(out)
		t.Fatalf("diff of an unchanged decimal number: %s %v, want nothing to send", b, err)
	}
}
