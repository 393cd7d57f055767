package jobs

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/connector"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/load"
	"github.com/stewardhq/steward/transform"
)

// desk is a fake target kind whose records a person edited since steward
// read them: a write without Overwrite of values the desk does not hold is
// refused as a concurrent change (load.Conflict, with the desk's current
// values), as an If-Match write is after a 412; values it holds already are
// unchanged. With again set, an overwrite conflicts too.
type desk struct {
	mu       sync.Mutex
	again    bool
	theirs   map[string]json.RawMessage
	attempts []load.Item
	written  map[string]map[string]json.RawMessage
}

// current is the desk's record key: what it wrote, else the person's edit.
func (d *desk) current(key string) map[string]json.RawMessage {
	if w, ok := d.written[key]; ok {
		return w
	}
	return d.theirs
}

func (d *desk) kind() connector.Kind {
	return connector.Kind{
		Name:   "desk",
		Decode: func(*config.File, string) (any, config.Problems) { return struct{}{}, nil },
		Load:   func(load.Spec) (load.Loader, error) { return d, nil },
	}
}

func (d *desk) Write(_ context.Context, items []load.Item) ([]load.Outcome, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	out := make([]load.Outcome, len(items))
	for i, it := range items {
		d.attempts = append(d.attempts, it)
		cur := d.current(it.ExternalID)
		if !it.Overwrite && string(cur["count"]) == string(it.Fields["count"]) {
			out[i] = load.Outcome{ID: it.ID, Status: load.Unchanged}
			continue
		}
		if !it.Overwrite || d.again {
			out[i] = load.Outcome{ID: it.ID, Status: load.Conflict, Current: cur}
			continue
		}
		d.written[it.ExternalID] = it.Fields
		out[i] = load.Outcome{ID: it.ID, Status: load.Written}
	}
	return out, nil
}

const deskConfig = `version: 1
staging: {sqlite: DIR/s.db, parquet_dir: DIR/pq}
systems:
  shelf:
    kind: shelf
    settings: {widgets: 3}
  desk:
    kind: desk
jobs:
  - name: widgets
    data_type: widgets
    cadence: "@daily"
    extract: {system: shelf, entity: widgets, mode: full}
    transform: TRANSFORM
    load:
      targets:
        - system: desk
          fields: [count, label]
`

// conflictRun runs the widgets job twice against a desk that answers
// conflicts, under the transform settings tr, and returns the store and the
// results.
func conflictRun(t *testing.T, tr string, d *desk) (*store.Store, *Runner, []Result) {
	t.Helper()
	return conflictRunOf(t, widgets, tr, d)
}

// conflictRunOf is conflictRun with the widgets data type dt (its default
// strategy).
func conflictRunOf(t *testing.T, dt transform.DataType, tr string, d *desk) (*store.Store, *Runner, []Result) {
	t.Helper()
	decodes := 0
	sh := &shelf{decodes: &decodes, written: map[string]map[string]json.RawMessage{}}
	kinds := connector.NewRegistry()
	kinds.Register(sh.kind())
	kinds.Register(d.kind())
	types := transform.NewTypes()
	types.Register(dt.Name, dt)
	dir := t.TempDir()
	text := strings.NewReplacer("DIR", dir, "TRANSFORM", tr).Replace(deskConfig)
	f, err := config.Parse(filepath.Join(dir, "steward.yaml"), []byte(text), kinds.Known(types), os.LookupEnv)
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
	t.Cleanup(func() { st.Close() })
	r := &Runner{Config: f, Store: st, Kinds: kinds, Settings: settings, Types: types, Log: zerolog.Nop()}
	var res []Result
	for range 2 {
		got, err := r.Run(t.Context(), Request{Job: "widgets", Trigger: store.TriggerManual})
		if err != nil {
			t.Fatal(err)
		}
		res = append(res, got)
	}
	return st, r, res
}

func newDesk() *desk {
	return &desk{written: map[string]map[string]json.RawMessage{},
		theirs: map[string]json.RawMessage{"count": json.RawMessage("999"), "label": json.RawMessage(`"edited at the desk"`)}}
}

// outboxStatuses counts the job's outbox rows by status, with their reasons.
func outboxStatuses(t *testing.T, st *store.Store) (map[string]int, []string) {
	t.Helper()
	rows, err := st.DB().QueryContext(t.Context(), `SELECT status, reason, overwrite FROM outbox`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n, reasons := map[string]int{}, []string{}
	for rows.Next() {
		var s, reason string
		var ow bool
		if err := rows.Scan(&s, &reason, &ow); err != nil {
			t.Fatal(err)
		}
		n[s]++
		reasons = append(reasons, reason)
	}
	return n, reasons
}
