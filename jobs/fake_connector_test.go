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
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract"
	"github.com/stewardhq/steward/internal/connector"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/load"
	"github.com/stewardhq/steward/transform"
)

// This file adds a connector kind and a data type that steward has never
// heard of, as a new system and a new data type would be added: a kind
// "shelf" that is not reached over HTTP (a local shelf of widgets, no
// base_url, no auth) and a data type "widgets", each registered with one line
// on a fresh registry. If anything between config validation and the loader
// switched on a kind or data type name, the run below would fail.

// widget is the canonical widget.
type widget struct {
	ID    string `json:"id"`
	Count int    `json:"count"`
	Label string `json:"label"`
}

func (w *widget) EntityKey() string            { return w.ID }
func (w *widget) ChangedAt() time.Time         { return time.Time{} }
func (w *widget) MatchKeys() map[string]string { return map[string]string{"id": w.ID} }
func (w *widget) Fields() (map[string]json.RawMessage, error) {
	return map[string]json.RawMessage{"count": json.RawMessage(fmt.Sprint(w.Count)), "label": json.RawMessage(fmt.Sprintf("%q", w.Label))}, nil
}

var widgets = transform.DataType{Name: "widgets", Strategy: transform.SourceOfTruth, KeyField: "id", TargetKey: "id",
	FieldNames: []string{"count", "label"}, New: func() transform.Entity { return &widget{} }}

// shelfSettings is the shelf kind's typed settings section.
type shelfSettings struct {
	// Widgets is how many widgets the shelf holds.
	Widgets int `yaml:"widgets"`
}

func decodeShelf(f *config.File, system string) (shelfSettings, config.Problems) {
	var s shelfSettings
	ps := f.Section(system, &s)
	if s.Widgets < 1 {
		ps = append(ps, f.Problem("systems."+system+".settings.widgets", "a shelf holds no widgets", "widgets: 3"))
	}
	return s, ps
}

// shelf is the kind's extractor and loader: it reads its widgets and
// records what is written to it.
type shelf struct {
	n       int
	decodes *int
	mu      sync.Mutex
	written map[string]map[string]json.RawMessage
}

func (s *shelf) kind() connector.Kind {
	return connector.Kind{
		Name: "shelf",
		Decode: func(f *config.File, system string) (any, config.Problems) {
			*s.decodes++
			return decodeShelf(f, system)
		},
		Extract: func(spec extract.Spec) (extract.Extractor, error) {
			set, ok := spec.Settings.(shelfSettings)
			if !ok || spec.Client != nil {
				return nil, fmt.Errorf("shelf extractor: settings %T, client %v", spec.Settings, spec.Client)
			}
			s.n = set.Widgets
			return s, nil
		},
		Load: func(spec load.Spec) (load.Loader, error) {
			if _, ok := spec.Settings.(shelfSettings); !ok || spec.Client != nil {
				return nil, fmt.Errorf("shelf loader: settings %T, client %v", spec.Settings, spec.Client)
			}
			return s, nil
		},
	}
}

func (s *shelf) Extract(_ context.Context, from record.Cursor) iter.Seq2[record.Page, error] {
	return func(yield func(record.Page, error) bool) {
		var p record.Page
		for i := range s.n {
			b, _ := json.Marshal(widget{ID: fmt.Sprintf("w%d", i), Count: i * 10, Label: "widget"})
			p.Records = append(p.Records, record.Record{Key: fmt.Sprintf("w%d", i), Payload: b})
		}
		p.Cursor, p.URL = from.Finish(), "shelf://widgets"
		yield(p, nil)
	}
}

func (s *shelf) Write(_ context.Context, items []load.Item) ([]load.Outcome, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]load.Outcome, len(items))
	for i, it := range items {
		status := load.Written
		if old, ok := s.written[it.ExternalID]; ok && string(old["count"]) == string(it.Fields["count"]) {
			status = load.Unchanged
		}
		s.written[it.ExternalID] = it.Fields
		out[i] = load.Outcome{ID: it.ID, Status: status}
	}
	return out, nil
}

const shelfConfig = `version: 1
staging: {sqlite: DIR/s.db, parquet_dir: DIR/pq}
systems:
  shelf:
    kind: shelf
    settings: {widgets: 4}
jobs:
  - name: widgets
    data_type: widgets
    cadence: "@daily"
    extract: {system: shelf, entity: widgets, mode: full}
    load:
      targets:
        - system: shelf
          fields: [count]
`

// TestFakeConnectorAndDataTypeRunEndToEnd: a kind and a data type added by
// new code plus one registration line each are validated, extracted, staged,
// queued in the outbox and written through the runner; the settings are
// decoded once for the whole run.
func TestFakeConnectorAndDataTypeRunEndToEnd(t *testing.T) {
	decodes := 0
	sh := &shelf{decodes: &decodes, written: map[string]map[string]json.RawMessage{}}
	kinds := connector.NewRegistry()
	kinds.Register(sh.kind())
	types := transform.NewTypes()
	types.Register(widgets.Name, widgets)

	dir := t.TempDir()
	f, err := config.Parse(filepath.Join(dir, "steward.yaml"), []byte(strings.ReplaceAll(shelfConfig, "DIR", dir)), kinds.Known(types), os.LookupEnv)
	if err != nil {
		t.Fatalf("a config with the new kind and data type: %v", err)
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
	res, err := r.Run(t.Context(), Request{Job: "widgets", Trigger: store.TriggerManual})
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	if res.Counts.Read != 4 || res.Counts.Staged != 4 || res.Counts.Written != 4 || res.Counts.Rejected != 0 {
		t.Errorf("counts %+v; want 4 read, staged and written", res.Counts)
	}
	if got := string(sh.written["w3"]["count"]); got != "30" || len(sh.written["w3"]) != 1 || decodes != 1 {
		t.Errorf("w3 written as %v (count %s), settings decoded %d times; want count 30 only, decoded once", sh.written["w3"], got, decodes)
	}
	if res.Snapshot == "" {
		t.Error("no snapshot of the widgets was written")
	}
}

// TestFakeKindIsCheckedByItsRegistry: the names a config may use come from
// the registries, so the same config fails validation without the
// registrations, and the kind's own settings problems come with their
// position.
func TestFakeKindIsCheckedByItsRegistry(t *testing.T) {
	decodes := 0
	sh := &shelf{decodes: &decodes}
	text := strings.ReplaceAll(shelfConfig, "DIR", t.TempDir())
	_, err := config.Parse("steward.yaml", []byte(text), connector.NewRegistry().Known(transform.Builtin()), os.LookupEnv)
	for _, want := range []string{`systems.shelf.kind: unknown kind "shelf"`, `jobs[0].data_type: unknown data type "widgets"`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("without the registrations: %v; want %s", err, want)
		}
	}
	kinds := connector.NewRegistry()
	kinds.Register(sh.kind())
	types := transform.NewTypes()
	types.Register(widgets.Name, widgets)
	f, err := config.Parse("steward.yaml", []byte(strings.Replace(text, "widgets: 4", "widgets: 0", 1)), kinds.Known(types), os.LookupEnv)
	if err != nil {
		t.Fatal(err)
	}
	_, ps := kinds.Decode(f)
	if len(ps) != 1 || !strings.HasPrefix(ps[0].Error(), "steward.yaml:6:") || !strings.Contains(ps[0].Error(), "systems.shelf.settings.widgets: a shelf holds no widgets") {
		t.Errorf("settings problems %v; want one at the widgets key with its position", ps)
	}
}
