package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/connector"
	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/transform"
)

// The SQLite store implements every concern the runner keeps.
var (
	_ Staging               = (*store.Store)(nil)
	_ Runs                  = (*store.Store)(nil)
	_ Outbox                = (*store.Store)(nil)
	_ Reconciles            = (*store.Store)(nil)
	_ DraftStore            = (*store.Store)(nil)
	_ DraftClaims           = (*store.Store)(nil)
	_ QualityStore          = (*store.Store)(nil)
	_ transform.DecideStore = (*store.Store)(nil)
	_ Store                 = (*store.Store)(nil)
	_ Store                 = split{}
)

// split assembles a Store from one implementation per concern; the concerns'
// method sets are disjoint, so each method has one owner.
type split struct {
	Staging
	Runs
	Outbox
	Reconciles
	DraftStore
	DraftClaims
	QualityStore
	transform.DecideStore
}

// sqliteBut is a split store backed by st for every concern but runs.
func sqliteBut(st *store.Store, runs Runs) split {
	return split{Staging: st, Runs: runs, Outbox: st, Reconciles: st, DraftStore: st,
		DraftClaims: st, QualityStore: st, DecideStore: st}
}

// memRuns is run history in memory: it records each call it gets.
type memRuns struct {
	mu    sync.Mutex
	calls []string
	runs  map[int64]store.Run
	busy  bool
}

func (m *memRuns) note(format string, args ...any) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.calls = append(m.calls, fmt.Sprintf(format, args...))
}

func (m *memRuns) BeginRun(_ context.Context, job, trigger string) (int64, error) {
	m.note("begin %s %s", job, trigger)
	if m.busy {
		return 0, &store.LockError{Job: job, RunID: 99}
	}
	id := int64(len(m.runs) + 41)
	m.runs[id] = store.Run{ID: id, Job: job, Trigger: trigger, Status: store.StatusRunning}
	return id, nil
}

func (m *memRuns) SetRunStream(_ context.Context, runID int64, stream string) error {
	m.note("stream %d %s", runID, stream)
	return nil
}

func (m *memRuns) FinishRun(_ context.Context, runID int64, status, errText string) error {
	m.note("finish %d %s %q", runID, status, errText)
	r := m.runs[runID]
	r.Status, r.Error = status, errText
	m.runs[runID] = r
	return nil
}

func (m *memRuns) SetRunHTTP(_ context.Context, runID int64, h store.HTTPCounts) error {
	m.note("http %d %d", runID, h.Requests)
	m.mu.Lock()
	defer m.mu.Unlock()
	r := m.runs[runID]
	r.HTTPCounts = h
	m.runs[runID] = r
	return nil
}

func (m *memRuns) ReleaseLock(_ context.Context, job string, runID int64) error {
	m.note("release %s %d", job, runID)
	return nil
}

func (m *memRuns) GetRun(_ context.Context, id int64) (store.Run, error) {
	m.note("get %d", id)
	return m.runs[id], nil
}

func (m *memRuns) LastRun(_ context.Context, job string) (store.Run, bool, error) {
	m.note("last %s", job)
	return store.Run{}, false, nil
}

// widgetRunner builds a runner of the widgets job over the shelf kind, its
// state in st except for the concern replace swaps in.
func widgetRunner(t *testing.T, replace func(*store.Store) Store) (*Runner, *store.Store, *shelf) {
	t.Helper()
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
	t.Cleanup(func() { st.Close() })
	return &Runner{Config: f, Store: replace(st), Kinds: kinds, Settings: settings, Types: types, Log: zerolog.Nop()}, st, sh
}

// TestRunnerKeepsRunsInAnotherStore: the runner reaches run history and the
// job lock only through its Runs concern. With runs kept in memory and the
// rest in SQLite, the run begins, finishes and releases its lock in memory,
// SQLite records no run, and the widgets are still staged and written.
func TestRunnerKeepsRunsInAnotherStore(t *testing.T) {
	runs := &memRuns{runs: map[int64]store.Run{}}
	r, st, sh := widgetRunner(t, func(st *store.Store) Store { return sqliteBut(st, runs) })
	res, err := r.Run(t.Context(), Request{Job: "widgets", Trigger: store.TriggerManual})
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	want := []string{"begin widgets manual", "http 41 0", "http 41 0", `finish 41 succeeded ""`, "release widgets 41", "get 41"}
	if res.RunID != 41 || strings.Join(runs.calls, "; ") != strings.Join(want, "; ") {
		t.Errorf("run %d, runs concern got %q; want run 41 and %q", res.RunID, runs.calls, want)
	}
	if got := runs.runs[41].Status; got != store.StatusSucceeded {
		t.Errorf("run 41 is %q in memory; want succeeded", got)
	}
	if kept, err := st.ListRuns(t.Context(), "widgets", 10); err != nil || len(kept) != 0 {
		t.Errorf("SQLite runs %v (%v); want none: runs are kept elsewhere", kept, err)
	}
	if n, err := st.CountStaged(t.Context(), "widgets"); err != nil || n != 4 || len(sh.written) != 4 {
		t.Errorf("staged %d (%v), written %d; want 4 and 4 through the SQLite concerns", n, err, len(sh.written))
	}
}

// TestRunnerRefusedByAnotherStoresLock: a lock held in the Runs concern
// refuses the run before anything is read or staged.
func TestRunnerRefusedByAnotherStoresLock(t *testing.T) {
	runs := &memRuns{runs: map[int64]store.Run{}, busy: true}
	r, st, sh := widgetRunner(t, func(st *store.Store) Store { return sqliteBut(st, runs) })
	_, err := r.Run(t.Context(), Request{Job: "widgets", Trigger: store.TriggerManual})
	var lock *store.LockError
	if !errors.As(err, &lock) || lock.RunID != 99 {
		t.Fatalf("run: %v; want the lock error of run 99", err)
	}
	if n, err := st.CountStaged(t.Context(), "widgets"); err != nil || n != 0 || len(sh.written) != 0 || len(runs.calls) != 1 {
		t.Errorf("staged %d (%v), written %d, calls %q; want nothing after the refused begin", n, err, len(sh.written), runs.calls)
	}
}
