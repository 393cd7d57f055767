package sap

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// TestStateRoundTrip: changed and deleted entities survive a save and a load
// into a fresh emulator over the same catalog, byte for byte.
func TestStateRoundTrip(t *testing.T) {
	cat := catalog.New(10, 2)
	a := New(cat, Credentials{})
	price, _ := setNamed(PriceSet)
	a.mu.Lock()
	a.touchLocked(price, 4, time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC))
	a.mu.Unlock()
	if !a.Delete(ProductSet, cat.SKU(2)) {
		t.Fatal("delete failed")
	}
	saved, err := a.SaveState()
	if err != nil {
		t.Fatal(err)
	}
	b := New(cat, Credentials{})
	if err := b.LoadState(saved); err != nil {
		t.Fatal(err)
	}
	again, _ := b.SaveState()
	if !bytes.Equal(again, saved) {
		t.Fatalf("the loaded state saves differently:\n%s\n%s", again, saved)
	}
	b.mu.RLock()
	got, deleted := b.at(price, 4).get("LastChangeDateTime"), b.deleted[ProductSet][2]
	b.mu.RUnlock()
	if got != "2026-03-01T12:00:00.000Z" || !deleted {
		t.Errorf("after loading: change time %v, product 2 deleted %v", got, deleted)
	}
	if err := New(catalog.New(3, 2), Credentials{}).LoadState(saved); err == nil || !strings.Contains(err.Error(), "index 4") {
		t.Errorf("a state with index 4 loaded into a catalog of 3: %v", err)
	}
}
