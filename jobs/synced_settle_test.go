package jobs

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract"
	"github.com/stewardhq/steward/internal/connector"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/load"
	"github.com/stewardhq/steward/transform"
)

// keeper is a target writing one item a batch that takes every write, but
// for the records in lost it fails the batch after taking the write, as a
// kill between the target's answer and the settle would.
type keeper struct {
	mu      sync.Mutex
	lost    map[string]bool
	writes  int
	written map[string]map[string]json.RawMessage
}

func (k *keeper) BatchSize() int { return 1 }

func (k *keeper) Write(_ context.Context, items []load.Item) ([]load.Outcome, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	out := make([]load.Outcome, len(items))
	for i, it := range items {
		k.writes++
		k.written[it.ExternalID] = it.Fields
		if k.lost[it.ExternalID] {
			return nil, fmt.Errorf("keeper: the answer for %s was lost", it.ExternalID)
		}
		out[i] = load.Outcome{ID: it.ID, Status: load.Written}
	}
	return out, nil
}

// syncedRows returns the job's synced versions by target key (the widget
// id is its canonical record's key in the outbox).
func syncedRows(t *testing.T, st *store.Store) map[string]string {
	t.Helper()
	rows, err := st.DB().QueryContext(t.Context(), `SELECT o.external_id, s.version FROM synced_versions s
		JOIN outbox o ON o.canonical_id = s.canonical_id AND o.target = s.target GROUP BY o.external_id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			t.Fatal(err)
		}
		out[k] = v
	}
	return out
}

// TestSyncedVersionLandsWithTheSettledWrite: under merge the synced version
// a write leads to is recorded when the target takes the write, not when it
// is queued. A run whose answer for w1 is lost after the target took it
// (a kill between write and settle) records w0's version only; the rerun
// replays the outbox, and the replayed settle records w1's; a third run
// writes nothing and changes nothing.
func TestSyncedVersionLandsWithTheSettledWrite(t *testing.T) {
	src := &bin{counts: map[string]int{"w0": 1, "w1": 7}}
	tgt := &keeper{lost: map[string]bool{"w1": true}, written: map[string]map[string]json.RawMessage{}}
	none := func(*config.File, string) (any, config.Problems) { return struct{}{}, nil }
	kinds := connector.NewRegistry()
	kinds.Register(connector.Kind{Name: "bin", Decode: none, Extract: func(extract.Spec) (extract.Extractor, error) { return src, nil }})
	kinds.Register(connector.Kind{Name: "racer", Decode: none, Load: func(load.Spec) (load.Loader, error) { return tgt, nil }})
	types := transform.NewTypes()
	types.Register(widgets.Name, widgets)
	dir := t.TempDir()
	text := strings.Replace(strings.ReplaceAll(racerConfig, "DIR", dir), "    load:", "    transform: {strategy: merge_escalate}\n    load:", 1)
	f, err := config.Parse(filepath.Join(dir, "steward.yaml"), []byte(text), kinds.Known(types), os.LookupEnv)
	if err != nil {
		t.Fatal(err)
	}
	settings, _ := kinds.Decode(f)
	st, err := store.Open(t.Context(), f.Staging.SQLite)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	r := &Runner{Config: f, Store: st, Kinds: kinds, Settings: settings, Types: types, Log: zerolog.Nop()}
	if res, _ := r.Run(t.Context(), Request{Job: "widgets", Trigger: store.TriggerManual}); res.Err == nil {
		t.Fatal("first run: want the lost answer's error")
	}
	if got := syncedRows(t, st); len(got) != 1 || !strings.Contains(got["w0"], `"count":1`) {
		t.Fatalf("after the lost answer: synced %v; want w0's only (w1's write never settled)", got)
	}
	tgt.lost = nil
	for i := range 2 {
		if res, err := r.Run(t.Context(), Request{Job: "widgets", Trigger: store.TriggerManual}); err != nil || res.Err != nil {
			t.Fatalf("rerun %d: %v %v", i+1, err, res.Err)
		}
	}
	got := syncedRows(t, st)
	if len(got) != 2 || !strings.Contains(got["w1"], `"count":7`) || tgt.writes != 3 {
		t.Errorf("after the reruns: synced %v, %d writes; want w1's version recorded by the replayed write, 3 writes in all", got, tgt.writes)
	}
}
