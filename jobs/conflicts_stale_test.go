package jobs

import (
	"context"
	"encoding/json"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract"
	"github.com/stewardhq/steward/internal/connector"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/load"
	"github.com/stewardhq/steward/transform"
)

// bin is a source whose widget counts a test changes between runs, and
// racer a target writing one item a batch that refuses the writes named in
// conflict as concurrent changes and fails the batch of those in fail.
type bin struct{ counts map[string]int }

func (b *bin) Extract(_ context.Context, from record.Cursor) iter.Seq2[record.Page, error] {
	return func(yield func(record.Page, error) bool) {
		var p record.Page
		for _, id := range []string{"w0", "w1"} {
			raw, _ := json.Marshal(widget{ID: id, Count: b.counts[id], Label: "widget"})
			p.Records = append(p.Records, record.Record{Key: id, Payload: raw})
		}
		p.Cursor, p.URL = from.Finish(), "bin://widgets"
		yield(p, nil)
	}
}

type racer struct {
	mu             sync.Mutex
	conflict, fail map[string]bool
	written        map[string]map[string]json.RawMessage
}

func (r *racer) BatchSize() int { return 1 }

func (r *racer) Write(_ context.Context, items []load.Item) ([]load.Outcome, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]load.Outcome, len(items))
	for i, it := range items {
		switch {
		case r.fail[it.ExternalID]:
			return nil, fmt.Errorf("racer: %s is locked", it.ExternalID)
		case r.conflict[it.ExternalID] && !it.Overwrite:
			delete(r.conflict, it.ExternalID)
			out[i] = load.Outcome{ID: it.ID, Status: load.Conflict, Current: map[string]json.RawMessage{"count": json.RawMessage("999"), "label": json.RawMessage(`"widget"`)}}
			continue
		}
		r.written[it.ExternalID] = it.Fields
		out[i] = load.Outcome{ID: it.ID, Status: load.Written}
	}
	return out, nil
}

const racerConfig = `version: 1
staging: {sqlite: DIR/s.db, parquet_dir: DIR/pq}
systems:
  bin: {kind: bin}
  racer: {kind: racer}
jobs:
  - name: widgets
    data_type: widgets
    cadence: "@daily"
    extract: {system: bin, entity: widgets, mode: full}
    load:
      targets:
        - system: racer
          fields: [count, label]
`

// TestStaleConflictDoesNotOverwriteANewerWrite: a run leaves a write in
// conflict undecided (a later batch of the same drain failed). The next run
// writes the record's newer value; deciding the old conflict afterwards
// must not send the older value over it with overwrite: the target ends
// with the source's current count.
func TestStaleConflictDoesNotOverwriteANewerWrite(t *testing.T) {
	src := &bin{counts: map[string]int{"w0": 1, "w1": 1}}
	tgt := &racer{conflict: map[string]bool{"w0": true}, fail: map[string]bool{"w1": true}, written: map[string]map[string]json.RawMessage{}}
	none := func(*config.File, string) (any, config.Problems) { return struct{}{}, nil }
	kinds := connector.NewRegistry()
	kinds.Register(connector.Kind{Name: "bin", Decode: none, Extract: func(extract.Spec) (extract.Extractor, error) { return src, nil }})
	kinds.Register(connector.Kind{Name: "racer", Decode: none, Load: func(load.Spec) (load.Loader, error) { return tgt, nil }})
	types := transform.NewTypes()
	types.Register(widgets.Name, widgets)
	dir := t.TempDir()
	f, err := config.Parse(filepath.Join(dir, "steward.yaml"), []byte(strings.ReplaceAll(racerConfig, "DIR", dir)), kinds.Known(types), os.LookupEnv)
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
		t.Fatal("first run: want the failed batch's error")
	}
	src.counts["w0"] = 2
	tgt.fail = map[string]bool{}
	if res, err := r.Run(t.Context(), Request{Job: "widgets", Trigger: store.TriggerManual}); err != nil || res.Err != nil {
		t.Fatalf("second run: %v %v", err, res.Err)
	}
	if got := string(tgt.written["w0"]["count"]); got != "2" {
		t.Errorf("target w0 count %s; want the source's current 2 (the stale conflict's 1 overwrote it)", got)
	}
}
