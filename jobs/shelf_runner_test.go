package jobs

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract"
	"github.com/stewardhq/steward/internal/connector"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/transform"
)

// shelfRunner is a runner over shelfConfig with the shelf kind reading
// through x (a shelf variant serving the pages a test needs), on a store
// closed when the test ends.
func shelfRunner(t *testing.T, sh *shelf, x extract.Extractor) (*Runner, *store.Store) {
	t.Helper()
	k := sh.kind()
	k.Extract = func(extract.Spec) (extract.Extractor, error) { return x, nil }
	kinds := connector.NewRegistry()
	kinds.Register(k)
	types := transform.NewTypes()
	types.Register(widgets.Name, widgets)
	dir := t.TempDir()
	f, err := config.Parse(filepath.Join(dir, "steward.yaml"), []byte(strings.ReplaceAll(shelfConfig, "DIR", dir)), kinds.Known(types), os.LookupEnv)
	if err != nil {
		t.Fatal(err)
	}
	settings, _ := kinds.Decode(f)
	st, err := store.Open(t.Context(), f.Staging.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return &Runner{Config: f, Store: st, Kinds: kinds, Settings: settings, Types: types, Log: zerolog.Nop()}, st
}
