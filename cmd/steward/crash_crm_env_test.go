package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// crmCrashProducts sizes the catalog of the CRM crash test: its accounts
// (one per 40 products) are the customers every system holds.
const crmCrashProducts = 8000

// crmCrashPage is the customers job's page size: a first run reads its
// accounts in about twenty pages, the second its changes in a few.
const crmCrashPage = 10

// crmRun1, crmChange and crmRun2 are the emulators' clock in each step of
// the sequence: the first run, the source's changes, the second run (and
// the last read) two minutes later, in the last hours before the test
// started (a connector's own clock bounds some reads, Salesforce's deleted
// records feed among them). The clock stands still within a step, so every
// run of a step (a killed one and its rerun) stamps the same times, and
// the end state of a sequence does not depend on when it ran.
var (
	crmRun1   = time.Now().UTC().Truncate(time.Hour).Add(-3 * time.Hour)
	crmChange = crmRun1.Add(time.Hour)
	crmRun2   = crmChange.Add(2 * time.Minute)
)

// crmLatency delays each answer of the emulators, as a network would: the
// runs then spend their time in requests, where random kills fall.
const crmLatency = 3 * time.Millisecond

func withLatency(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(crmLatency)
		h.ServeHTTP(w, r)
	})
}

// crmClock is a clock the test moves from step to step.
type crmClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *crmClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *crmClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// crmEmulator is what the test needs of an emulator: to serve it, set its
// clock and save its state (the target's records, compared between runs).
type crmEmulator interface {
	http.Handler
	SetClock(now func() time.Time)
	SaveState() ([]byte, error)
}

// crashEnv is one sequence's world: the catalog, the source and target
// emulators on loopback, the config and the state folder beside it.
type crashEnv struct {
	cat    *catalog.Catalog
	clock  *crmClock
	source crmEmulator
	target crmEmulator
	cfg    string
}

// newCrashEnv serves c's source and target over a fresh catalog and writes
// the config of its customers job.
func newCrashEnv(t *testing.T, c crmCrash) *crashEnv {
	t.Helper()
	env := &crashEnv{cat: catalog.New(crmCrashProducts, 7), clock: &crmClock{t: crmRun1}}
	env.source = c.source.build(env.cat)
	env.target = c.target.build(env.cat)
	dir := t.TempDir()
	secrets := filepath.Join(dir, "secrets")
	if err := os.MkdirAll(secrets, 0o700); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(secrets, "pii_key"), "crash-test-privacy-key-0123456789abcdef\n")
	var systems strings.Builder
	for _, s := range []struct {
		sys crmSystem
		emu crmEmulator
	}{{c.source, env.source}, {c.target, env.target}} {
		s.emu.SetClock(env.clock.now)
		srv := httptest.NewServer(withLatency(s.emu))
		t.Cleanup(srv.Close)
		for name, v := range s.sys.secrets {
			writeFile(t, filepath.Join(secrets, name), v)
		}
		systems.WriteString(s.sys.yaml(s.sys.name, srv.URL, secrets))
	}
	env.cfg = filepath.Join(dir, "steward.yaml")
	writeFile(t, env.cfg, crmConfig(dir, systems.String(), c))
	return env
}

// crmConfig is the config of c's customers job and of the job that stages
// the target's accounts before it (so that the crosswalk links the twins
// by external id, VAT id or name and postal code, and the merge compares
// with the target's version).
func crmConfig(dir, systems string, c crmCrash) string {
	extract := func(s crmSystem) string {
		return fmt.Sprintf("{system: %s, entity: %s, mode: incremental, cursor_field: %s, overlap: 1s, page_size: %d}", s.name, s.entity, s.cursor, crmCrashPage)
	}
	return fmt.Sprintf(`version: 1
staging: {sqlite: %[1]s/state/steward.db, parquet_dir: %[1]s/state/parquet}
privacy: {key_file: %[1]s/secrets/pii_key}
systems:
%[2]sjobs:
  - name: customers-target
    data_type: customers
    cadence: "@daily"
    extract: %[3]s
  - name: customers
    data_type: customers
    cadence: "@daily"
    extract: %[4]s
    load: {targets: [{system: %[5]s, fields: [%[6]s]}]}
`, dir, systems, extract(c.target), extract(c.source), c.target.name, strings.Join(c.target.fields, ", "))
}

// stateDir is the folder of the sequence's SQLite state and snapshots.
func (env *crashEnv) stateDir() string { return filepath.Join(filepath.Dir(env.cfg), "state") }
