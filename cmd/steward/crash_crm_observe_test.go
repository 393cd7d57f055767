package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	pq "github.com/parquet-go/parquet-go"

	"github.com/stewardhq/steward/internal/store"
)

// crmOutcome is everything the CRM crash test compares with an
// uninterrupted sequence: steward's state and the target's records.
type crmOutcome struct {
	staged    map[string]string // data type/source/key → content hash
	deletions map[string]bool   // data type/source/key the source reported deleted
	// crosswalk holds one line per canonical entity: its native records
	// with the match key that linked them (canonical ids are random).
	crosswalk map[string]bool
	synced    map[string]string // entity (its crosswalk line) → last synced version
	// outbox maps target/external id/hash to the write's end: done
	// (written, or found already written after a kill: unchanged), dead or
	// pending.
	outbox      map[string]string
	dead        map[string]bool // dead letters: target/external id/reason
	escalations map[string]bool
	// target is the target emulator's saved state, without what a repeated
	// idempotent write may move (a row version).
	target   string
	accounts int // customer accounts in the target
	// twice are the external ids more than one live target account holds.
	twice []string
	// pages are the pages each run of each job stored ("20/4"), for the log.
	pages map[string]string
}

// observeCRM reads the outcome of env's sequence.
func observeCRM(t *testing.T, c crmCrash, env *crashEnv) crmOutcome {
	t.Helper()
	st, err := store.Open(t.Context(), filepath.Join(env.stateDir(), "steward.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if res, err := st.IntegrityCheck(t.Context()); err != nil || res != "ok" {
		t.Fatalf("integrity_check = %q, %v", res, err)
	}
	q := func(query string) map[string]string { return queryPairs(t, st, query) }
	o := crmOutcome{
		staged:    q(`SELECT data_type || '/' || source || '/' || key, hash FROM staged`),
		deletions: keysOf(q(`SELECT data_type || '/' || source || '/' || key, '' FROM deletions`)),
		outbox: q(`SELECT target || '/' || external_id || '/' || hash,
			CASE WHEN status IN ('written', 'unchanged') THEN 'done' ELSE status END FROM outbox`),
		dead: keysOf(q(`SELECT target || '/' || external_id || '/' || reason, '' FROM dead_letters`)),
		escalations: keysOf(q(`SELECT kind || '/' || source_system || '/' || source_key || '/' || target_system || '/' ||
			fields || '/' || status, '' FROM escalations`)),
	}
	groups := q(`SELECT canonical_id, group_concat(system || ':' || native_id || '(' || match_key || '=' || match_value || ')', ' ')
		FROM (SELECT * FROM crosswalk ORDER BY system, native_id) GROUP BY canonical_id`)
	o.crosswalk = keysOf(invert(groups))
	o.synced = map[string]string{}
	for id, v := range q(`SELECT canonical_id, target || ' ' || version FROM synced_versions`) {
		o.synced[groups[id]] = v
	}
	o.pages = q(`SELECT job, group_concat(pages, '/') FROM (SELECT job, pages FROM runs ORDER BY id) GROUP BY job`)
	o.target = stableState(t, env.target, c.target.volatile)
	o.accounts = c.target.accounts(t, env.target)
	ids := c.target.externalIDs(t, env.target)
	if len(ids) < o.accounts/2 {
		t.Fatalf("read %d external ids of the target's %d accounts", len(ids), o.accounts)
	}
	seen := map[string]int{}
	for _, id := range ids {
		if seen[id]++; seen[id] == 2 {
			o.twice = append(o.twice, id)
		}
	}
	return o
}

// queryPairs runs a query of two text columns into a map.
func queryPairs(t *testing.T, st *store.Store, query string) map[string]string {
	t.Helper()
	rows, err := st.DB().QueryContext(t.Context(), query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
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
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func keysOf(m map[string]string) map[string]bool {
	out := map[string]bool{}
	for k := range m {
		out[k] = true
	}
	return out
}

func invert(m map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		out[v] = k
	}
	return out
}

// stableState is an emulator's saved state as canonical JSON, without the
// members named volatile at any depth.
func stableState(t *testing.T, e crmEmulator, volatile []string) string {
	t.Helper()
	raw, err := e.SaveState()
	if err != nil {
		t.Fatal(err)
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(strip(v, volatile))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func strip(v any, volatile []string) any {
	switch x := v.(type) {
	case map[string]any:
		for k, m := range x {
			if slices.Contains(volatile, k) {
				delete(x, k)
				continue
			}
			x[k] = strip(m, volatile)
		}
	case []any:
		for i := range x {
			x[i] = strip(x[i], volatile)
		}
	}
	return v
}

// compareCRM reports every part of got that differs from want.
func compareCRM(t *testing.T, got, want crmOutcome) {
	t.Helper()
	diff := func(what string, g, w any) {
		if !reflect.DeepEqual(g, w) {
			t.Errorf("%s differ from an uninterrupted run: %s", what, firstDiffs(g, w))
		}
	}
	diff("staged records", got.staged, want.staged)
	diff("reported deletions", got.deletions, want.deletions)
	diff("crosswalk entities", got.crosswalk, want.crosswalk)
	diff("synced versions", got.synced, want.synced)
	diff("outbox outcomes", got.outbox, want.outbox)
	diff("dead letters", got.dead, want.dead)
	diff("escalations", got.escalations, want.escalations)
	if len(got.twice) > 0 {
		t.Errorf("the target holds several accounts with external ids %v", got.twice)
	}
	if got.accounts != want.accounts {
		t.Errorf("the target holds %d customer accounts, after an uninterrupted run %d (duplicates written?)", got.accounts, want.accounts)
	}
	if got.target != want.target {
		t.Errorf("the target's records differ from an uninterrupted run: %s", firstDiffs(got.target, want.target))
	}
}

// firstDiffs describes the first few differences of two maps (or strings).
func firstDiffs(g, w any) string {
	gm, ok1 := asStrings(g)
	wm, ok2 := asStrings(w)
	if !ok1 || !ok2 {
		gs, ws := fmt.Sprint(g), fmt.Sprint(w)
		i := 0
		for i < len(gs) && i < len(ws) && gs[i] == ws[i] {
			i++
		}
		return fmt.Sprintf("at byte %d: got …%.200s…, want …%.200s…", i, gs[max(0, i-80):], ws[max(0, i-80):])
	}
	var lines []string
	for _, k := range slices.Sorted(maps.Keys(union(gm, wm))) {
		if gm[k] != wm[k] && len(lines) < 5 {
			lines = append(lines, fmt.Sprintf("%s: got %q, want %q", k, gm[k], wm[k]))
		}
	}
	return fmt.Sprintf("%d vs %d entries; %s", len(gm), len(wm), strings.Join(lines, "; "))
}

// asStrings turns a map of strings or bools into a map of strings.
func asStrings(v any) (map[string]string, bool) {
	switch m := v.(type) {
	case map[string]string:
		return m, true
	case map[string]bool:
		out := map[string]string{}
		for k, b := range m {
			out[k] = fmt.Sprint(b)
		}
		return out, true
	}
	return nil, false
}

func union(a, b map[string]string) map[string]bool {
	out := keysOf(a)
	for k := range b {
		out[k] = true
	}
	return out
}

// checkCustomersParquet checks the published customers snapshots after a
// rerun: no temporary file of the killed run is left, every snapshot is a
// valid Parquet file, and the newest holds every staged record.
func checkCustomersParquet(t *testing.T, stateDir string, staged int) {
	t.Helper()
	dir := filepath.Join(stateDir, "parquet", "customers")
	if tmp, _ := filepath.Glob(filepath.Join(dir, ".*.tmp")); len(tmp) > 0 {
		t.Errorf("temporary files of a killed run left after the rerun: %v", tmp)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.parquet"))
	if len(files) == 0 {
		t.Fatal("no customers snapshot was published")
	}
	rows := int64(0)
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		info, err := f.Stat()
		if err == nil {
			var pf *pq.File
			if pf, err = pq.OpenFile(f, info.Size()); err == nil {
				rows = pf.NumRows()
			}
		}
		f.Close()
		if err != nil {
			t.Errorf("published snapshot %s is not a valid Parquet file: %v", name, err)
		}
	}
	if rows != int64(staged) {
		t.Errorf("the newest customers snapshot holds %d rows, want the %d staged", rows, staged)
	}
}
