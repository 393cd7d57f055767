package salesforce

import (
	"testing"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// TestSandboxKeyDerivedOncePerSeed: sandboxes over the same seed share one
// derived key (a derivation costs a second under -race), it is the key the
// seed derives afresh, and another seed has another key.
func TestSandboxKeyDerivedOncePerSeed(t *testing.T) {
	e1, e2 := Sandbox(catalog.New(10, 11)), Sandbox(catalog.New(20, 11))
	if e1.key == nil || e1.key != e2.key {
		t.Fatal("two sandboxes over seed 11 derived the key twice")
	}
	if fresh := deterministicKey(11); !fresh.Equal(e1.key) {
		t.Error("the shared key of seed 11 is not the key seed 11 derives")
	}
	if other := Sandbox(catalog.New(10, 12)); other.key.Equal(e1.key) {
		t.Error("seeds 11 and 12 share a key")
	}
}
