package sandbox

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/sandbox/akeneo"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	"github.com/stewardhq/steward/internal/sandbox/llm"
	"github.com/stewardhq/steward/internal/sandbox/sap"
)

// systems are the emulators whose state the tests save: two of them, as a
// wiring would register.
var systems = []Factory{
	func(c *catalog.Catalog) Emulator { return akeneo.Sandbox(c) },
	func(c *catalog.Catalog) Emulator { return sap.Sandbox(c) },
	func(c *catalog.Catalog) Emulator { return llm.Sandbox(c) },
}

func closeSandbox(t *testing.T, sb *Sandbox) {
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(t.Context()), 5*time.Second)
		defer cancel()
		_ = sb.Close(ctx)
	})
}

// TestStateSavedAndServed: a saved sandbox starts again with its catalog's
// size and seed (over the options') and its emulators' writes; a folder with
// no state reads as none, and a state naming a system the sandbox lacks is
// refused.
func TestStateSavedAndServed(t *testing.T) {
	dir := t.TempDir()
	if st, err := ReadState(dir); st != nil || err != nil {
		t.Fatalf("empty folder: %+v, %v", st, err)
	}
	sb, err := Start(Options{Products: 10, Seed: 3, Emulators: systems})
	if err != nil {
		t.Fatal(err)
	}
	closeSandbox(t, sb)
	sku := sb.Catalog.SKU(4)
	sb.Emulator(akeneo.Name).(*akeneo.Server).Plant(sku, "color", "teal")
	if err := sb.SaveState(dir); err != nil {
		t.Fatal(err)
	}
	st, err := ReadState(dir)
	if err != nil || st == nil || st.Products != 10 || st.Seed != 3 || len(st.Systems) != 2 {
		t.Fatalf("read state: %+v, %v", st, err)
	}
	again, err := Start(Options{Products: 99, Seed: 8, State: st, Emulators: systems})
	if err != nil {
		t.Fatal(err)
	}
	closeSandbox(t, again)
	if v, _ := again.Emulator(akeneo.Name).(*akeneo.Server).Value(sku, "color"); again.Catalog.N != 10 || again.Catalog.Seed != 3 || v != "teal" {
		t.Errorf("restarted sandbox: %d products, seed %d, color %v", again.Catalog.N, again.Catalog.Seed, v)
	}
	st.Systems["crm"] = json.RawMessage(`{}`)
	if _, err := Start(Options{State: st, Emulators: systems}); err == nil || !strings.Contains(err.Error(), `"crm"`) {
		t.Errorf("a state with an unknown system: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, StateFile), []byte(`{"version":9,"products":10}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadState(dir); err == nil || !strings.Contains(err.Error(), StateFile) {
		t.Errorf("a state of another version: %v", err)
	}
}
