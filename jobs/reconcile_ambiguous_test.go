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

// TESTING.md row 37 through a whole run: widget w0 matches two entities of
// another system (two records there carry id w0), so the transform stage
// escalates it and queues no write. The run is a first full pass, so the
// source-of-truth reconcile runs after it, and transform.Writes queues a
// write of every staged record without asking the crosswalk: the ambiguous
// w0 is written anyway.
func TestReconcileDoesNotWriteAnAmbiguousRecord(t *testing.T) {
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
	// Another system holds two records carrying id w0, two entities.
	if err := st.PutLinks(t.Context(), []store.Link{
		{System: "other", DataType: "widgets", NativeID: "n1", CanonicalID: "c1", Keys: map[string]string{"id": "w0"}},
		{System: "other", DataType: "widgets", NativeID: "n2", CanonicalID: "c2", Keys: map[string]string{"id": "w0"}},
	}); err != nil {
		t.Fatal(err)
	}
	r := &Runner{Config: f, Store: st, Kinds: kinds, Settings: settings, Types: types, Log: zerolog.Nop()}
	if _, err := r.Run(t.Context(), Request{Job: "widgets", Trigger: store.TriggerManual}); err != nil {
		t.Fatalf("run: %v", err)
	}
	es, _ := st.Escalations(t.Context(), store.EscalationFilter{Status: store.EscalationOpen})
	if len(es) != 1 || es[0].Kind != store.EscalationAmbiguous || es[0].SourceKey != "w0" {
		t.Fatalf("escalations %+v; want w0 ambiguous", es)
	}
	if w, ok := sh.written["w0"]; ok {
		t.Errorf("the ambiguous widget w0 was written (%v): the reconcile queued it past its escalation", w)
	}
}
