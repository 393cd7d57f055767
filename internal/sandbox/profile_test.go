package sandbox

import (
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// TestProfileServedAndSaved: Options.Profile picks the catalog's profile, a
// saved state keeps it (over the options'), and an unknown profile is
// refused naming it.
func TestProfileServedAndSaved(t *testing.T) {
	sb, err := Start(Options{Products: 12, Seed: 2, Profile: catalog.Realistic, Emulators: systems})
	if err != nil {
		t.Fatal(err)
	}
	closeSandbox(t, sb)
	if sb.Catalog.Profile != catalog.Realistic || len(sb.Catalog.Channels()) != 2 {
		t.Fatalf("profile %q, channels %v", sb.Catalog.Profile, sb.Catalog.Channels())
	}
	dir := t.TempDir()
	if err := sb.SaveState(dir); err != nil {
		t.Fatal(err)
	}
	st, err := ReadState(dir)
	if err != nil || st.Profile != catalog.Realistic {
		t.Fatalf("saved state %+v, %v", st, err)
	}
	again, err := Start(Options{Profile: catalog.Headline, State: st, Emulators: systems})
	if err != nil {
		t.Fatal(err)
	}
	closeSandbox(t, again)
	if again.Catalog.Profile != catalog.Realistic || again.Catalog.N != 12 {
		t.Errorf("served from the state: profile %q, %d products", again.Catalog.Profile, again.Catalog.N)
	}
	if _, err := Start(Options{Profile: "fancy", Emulators: systems}); err == nil || !strings.Contains(err.Error(), `"fancy"`) {
		t.Errorf("unknown profile: %v", err)
	}
}
