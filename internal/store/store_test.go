package store

import (
	"context"
	"database/sql"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/stewardhq/steward/internal/record"
)

func open(t *testing.T) *Store {
	t.Helper()
	s, err := Open(t.Context(), filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestMigrationsIdempotentAndPragmas(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	for range 2 {
		s, err := Open(t.Context(), path)
		if err != nil {
			t.Fatal(err)
		}
		var mode string
		var sync int
		_ = s.db.Get(&mode, "PRAGMA journal_mode")
		_ = s.db.Get(&sync, "PRAGMA synchronous")
		if mode != "wal" || sync != 2 {
			t.Errorf("journal_mode %s synchronous %d, want wal and 2 (FULL)", mode, sync)
		}
		s.Close()
	}
}

func TestLockRefusesLiveHolderAndTakesOverDeadOne(t *testing.T) {
	s := open(t)
	ctx := t.Context()
	id, err := s.BeginRun(ctx, "j", TriggerManual)
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.BeginRun(ctx, "j", TriggerManual)
	var le *LockError
	if !errors.As(err, &le) || le.RunID != id || !errors.Is(err, ErrLocked) {
		t.Fatalf("second run: %v", err)
	}
	// A lock whose process is gone is taken over, and its run marked failed.
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	if _, err := s.db.Exec(`UPDATE locks SET pid = ? WHERE job = 'j'`, dead.Process.Pid); err != nil {
		t.Fatal(err)
	}
	id2, err := s.BeginRun(ctx, "j", TriggerManual)
	if err != nil {
		t.Fatalf("lock of a dead process not taken over: %v", err)
	}
	old, _ := s.GetRun(ctx, id)
	if old.Status != StatusFailed || old.Error == "" {
		t.Errorf("abandoned run: %+v", old)
	}
	if err := s.ReleaseLock(ctx, "j", id2); err != nil {
		t.Fatal(err)
	}
	if _, err := s.BeginRun(ctx, "j", TriggerManual); err != nil {
		t.Errorf("after release: %v", err)
	}
}

func TestCommitPageIsAtomicWithItsCursor(t *testing.T) {
	s := open(t)
	ctx := t.Context()
	id, _ := s.BeginRun(ctx, "j", TriggerManual)
	rec := record.Record{Key: "k1", Payload: []byte(`{"a":1}`)}
	page := PageCommit{RunID: id, Job: "j", Stream: "live", Changed: []Staged{{DataType: "products", Source: "pim", Record: rec, Hash: rec.Hash()}},
		Outbox: []OutboxItem{{Job: "j", Target: "pim", ExternalID: "k1", Hash: "h1", Payload: []byte(`{}`), RunID: id}},
		Counts: Counts{Read: 1, Staged: 1, Pages: 1}, Cursor: record.Cursor{Next: "n2"}}
	// A failure inside the transaction (a bad outbox row) leaves nothing behind.
	bad := page
	bad.Outbox = append(bad.Outbox, OutboxItem{Job: "j", Target: "pim", ExternalID: "k2", Hash: "h2", Payload: nil, RunID: id})
	if err := s.CommitPage(ctx, bad); err == nil {
		t.Fatal("a page with a NULL payload committed")
	}
	if c, _ := s.Cursor(ctx, "j", "live"); c.Next != "" {
		t.Fatalf("the cursor moved although the page failed: %+v", c)
	}
	if n, _ := s.CountStaged(ctx, "products"); n != 0 {
		t.Fatalf("%d rows staged from a failed page", n)
	}
	if err := s.CommitPage(ctx, page); err != nil {
		t.Fatal(err)
	}
	if c, _ := s.Cursor(ctx, "j", "live"); c.Next != "n2" {
		t.Fatalf("cursor %+v", c)
	}
	hashes, _ := s.Hashes(ctx, "products", "pim", []string{"k1", "k9"})
	if len(hashes) != 1 || hashes["k1"] != rec.Hash() {
		t.Fatalf("hashes %v", hashes)
	}
	items, _ := s.PendingOutbox(ctx, "j", "pim", 0, 10)
	if len(items) != 1 {
		t.Fatalf("outbox %v", items)
	}
	if err := s.SettleOutbox(ctx, id, []Settle{{ID: items[0].ID, Status: OutboxDead, Reason: "422 nope"}}); err != nil {
		t.Fatal(err)
	}
	dls, _ := s.DeadLetters(ctx, "j", 10)
	if len(dls) != 1 || dls[0].Reason != "422 nope" {
		t.Fatalf("dead letters %+v", dls)
	}
	if plan, err := s.ReplayDeadLetters(ctx, "j", nil, "ana"); err != nil || len(plan["j"].Entries) != 1 {
		t.Fatalf("replay %v %v", plan, err)
	}
	if items, _ := s.PendingOutbox(ctx, "j", "pim", 0, 10); len(items) != 1 {
		t.Fatal("replayed item is not pending")
	}
	if res, _ := s.IntegrityCheck(ctx); res != "ok" {
		t.Fatal(res)
	}
}

func TestCorruptCursorIsAnError(t *testing.T) {
	s := open(t)
	if err := s.SetRawCursor(t.Context(), "j", "live", "garbage"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Cursor(t.Context(), "j", "live"); !errors.Is(err, record.ErrCorruptCursor) {
		t.Fatalf("corrupt cursor: %v", err)
	}
}

// TestConcurrentOpenOfANewDatabase opens one new database from many
// goroutines at once (two processes starting together do the same): every
// open succeeds and the migrations apply once.
func TestConcurrentOpenOfANewDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			s, err := Open(t.Context(), path)
			if err == nil {
				s.Close()
			}
			errs <- err
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Fatalf("concurrent open: %v", err)
		}
	}
	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	files, _ := fs.Glob(migrations, "migrations/*.sql")
	var n int
	if err := s.db.Get(&n, `SELECT count(*) FROM schema_migrations`); err != nil || n != len(files) {
		t.Errorf("%d migrations recorded (%v), want %d", n, err, len(files))
	}
}

// TestOpenReadOnlyCreatesAndWritesNothing: a missing database is ErrNoState
// and no file appears; an existing one reads, and a write through it fails.
func TestOpenReadOnlyCreatesAndWritesNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "state")
	path := filepath.Join(dir, "s.db")
	if _, err := OpenReadOnly(t.Context(), path); !errors.Is(err, ErrNoState) {
		t.Fatalf("missing database: %v, want ErrNoState", err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the read-only open created %s (%v)", dir, err)
	}
	rw, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := rw.BeginRun(t.Context(), "prices", TriggerManual); err != nil {
		t.Fatal(err)
	}
	rw.Close()
	ro, err := OpenReadOnly(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if runs, err := ro.ListRuns(t.Context(), "", 10); err != nil || len(runs) != 1 {
		t.Fatalf("read-only list: %v, %v", runs, err)
	}
	if _, err := ro.BeginRun(t.Context(), "products", TriggerManual); err == nil {
		t.Fatal("a write through the read-only store succeeded")
	}
}

// TestOpenReadOnlyOnAnOlderDatabase: a database an older steward wrote (only
// the first migrations applied) is brought up to date, so read commands work
// after an upgrade instead of failing on a missing column.
func TestOpenReadOnlyOnAnOlderDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	db, err := sqlx.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	for v, name := range []string{"migrations/0001_init.sql", "migrations/0002_quality.sql"} {
		body, err := migrations.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(string(body)); err != nil {
			t.Fatal(name, err)
		}
		if _, err := db.Exec(`INSERT INTO schema_migrations VALUES (?, 'then')`, v+1); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	ro, err := OpenReadOnly(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if _, err := ro.DeadLetters(t.Context(), "", 10); err != nil {
		t.Fatalf("list dead letters on an upgraded database: %v", err)
	}
}

// TestImmutableReadOnlyWhenTheLogIsEmpty: the immutable fallback (for a
// folder the reader may not write) ignores the write-ahead log, so it is only
// taken when the log holds nothing.
func TestImmutableReadOnlyWhenTheLogIsEmpty(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	if !immutableAllowed(path) {
		t.Fatal("no log file: immutable refused")
	}
	if err := os.WriteFile(path+"-wal", nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if !immutableAllowed(path) {
		t.Fatal("empty log file: immutable refused")
	}
	if err := os.WriteFile(path+"-wal", []byte("frames"), 0o644); err != nil {
		t.Fatal(err)
	}
	if immutableAllowed(path) {
		t.Fatal("a log holding changes: immutable allowed, the reader would see an older state")
	}
}

// TestOpenWaitsForAProcessHoldingANewDatabase: another process holds a new
// database in rollback mode (it is switching it to WAL as it starts); SQLite
// answers "database is locked" at once, without its busy timeout, so Open
// waits and asks again until the other lets go.
func TestOpenWaitsForAProcessHoldingANewDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	other := holdNewDatabase(t, path)
	released := make(chan error, 1)
	go func() {
		time.Sleep(300 * time.Millisecond)
		_, err := other.Exec("COMMIT")
		released <- err
	}()
	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatalf("open while another process holds the new database: %v", err)
	}
	defer s.Close()
	if err := <-released; err != nil {
		t.Fatal(err)
	}
	var mode string
	if err := s.db.Get(&mode, "PRAGMA journal_mode"); err != nil || mode != "wal" {
		t.Errorf("journal mode %q (%v), want wal", mode, err)
	}
}

// TestOpenGivesUpWhenTheContextEnds: a process that never lets go is waited
// for only as long as the caller's context lasts, and the error says so.
func TestOpenGivesUpWhenTheContextEnds(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	other := holdNewDatabase(t, path)
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	_, err := Open(ctx, path)
	if err == nil || !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), path) {
		t.Fatalf("open against a held database: %v, want the deadline and the path", err)
	}
	other.Exec("ROLLBACK")
}

// holdNewDatabase creates the database at path in rollback mode, as
// another process starting on it does before it turns WAL on, and holds
// it in an open write transaction until the caller commits or rolls back.
func holdNewDatabase(t *testing.T, path string) *sql.DB {
	t.Helper()
	other, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=DELETE")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	other.SetMaxOpenConns(1)
	if _, err := other.Exec("BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	if _, err := other.Exec("CREATE TABLE other_process (a)"); err != nil {
		t.Fatal(err)
	}
	return other
}
