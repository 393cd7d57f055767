package jobs

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/connector"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/transform"
)

// TESTING.md row 36 after an upgrade: records staged before the crosswalk
// existed (migration 0008) have no crosswalk row and no escalation, and are
// not decided again while they do not change. The source-of-truth reconcile
// must still correct their target (as it did before the crosswalk), not
// count them as ambiguous.
func TestReconcileWritesARecordStagedBeforeTheCrosswalk(t *testing.T) {
	decodes := 0
	sh := &shelf{decodes: &decodes, written: map[string]map[string]json.RawMessage{}}
	kinds := connector.NewRegistry()
	kinds.Register(sh.kind())
	types := transform.NewTypes()
	types.Register(widgets.Name, widgets)
	dir := t.TempDir()
	f, err := config.Parse(filepath.Join(dir, "steward.yaml"), []byte(strings.ReplaceAll(shelfConfig, "DIR", dir)), kinds.Known(types), os.LookupEnv)
	if err != nil {
		t.Fatal(err)
	}
	settings, ps := kinds.Decode(f)
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	st, err := store.Open(t.Context(), f.Staging.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	r := &Runner{Config: f, Store: st, Kinds: kinds, Settings: settings, Types: types, Log: zerolog.Nop()}
	if _, err := r.Run(t.Context(), Request{Job: "widgets", Trigger: store.TriggerManual}); err != nil {
		t.Fatalf("first run: %v", err)
	}
	// The state of an install staged before 0008: no crosswalk rows.
	for _, q := range []string{`DELETE FROM crosswalk_keys`, `DELETE FROM crosswalk`} {
		if _, err := st.DB().ExecContext(t.Context(), q); err != nil {
			t.Fatal(err)
		}
	}
	// A person edits w2's count by hand in the target.
	sh.written["w2"] = map[string]json.RawMessage{"count": json.RawMessage("99")}
	if err := st.MarkReconcileDue(t.Context(), "widgets"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Run(t.Context(), Request{Job: "widgets", Trigger: store.TriggerManual}); err != nil {
		t.Fatalf("second run: %v", err)
	}
	if got := string(sh.written["w2"]["count"]); got != "20" {
		t.Errorf("w2's count in the target is %s after the reconcile; want 20 (the record staged before the crosswalk was skipped)", got)
	}
}
