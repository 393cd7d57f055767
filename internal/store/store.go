// Package store is steward's SQLite state: run history, cursors, staged records,
// the write-back outbox, dead letters, quarantine and job locks. The database runs
// in WAL mode with synchronous=FULL; a page's rows, its cursor and the run's
// counters commit in one transaction.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/mattn/go-sqlite3" // also registers the sqlite3 driver

	"github.com/stewardhq/steward/internal/scrub"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is an open state database. It is safe for concurrent use.
type Store struct {
	db    *sqlx.DB
	now   func() time.Time
	scrub *scrub.Scrubber
	path  string
	// failWrite, when set, is a test seam that fails the run record's write
	// and the lock's release (a simulated ENOSPC).
	failWrite func(op string) error

	owedMu sync.Mutex
	owed   owed

	// stageMu guards stageFull, the INSERT of a full chunk of staged rows,
	// and hashesFull, the SELECT of a full page's stored hashes, each
	// prepared once and reused by every page.
	stageMu    sync.Mutex
	stageFull  *sql.Stmt
	hashesFull *sql.Stmt
}

// Open opens (creating if needed) the database at path and applies pending
// migrations.
func Open(ctx context.Context, path string) (*Store, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("open store: %w", err)
	}
	dsn := "file:" + path + "?_journal_mode=WAL&_synchronous=FULL&_busy_timeout=15000&_foreign_keys=on&_txlock=immediate"
	db, err := sqlx.Open("sqlite3", dsn)
	if err != nil {
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	s := &Store{db: db, now: func() time.Time { return time.Now().UTC() }, path: path}
	if err := s.migrateWhenFree(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	return s, nil
}

// openWait bounds how long Open waits for another process that holds the
// database while it opens: the same bound as the connections' busy timeout.
const openWait = 15 * time.Second

// migrateWhenFree applies the migrations, asking again while the database is
// busy. SQLite answers SQLITE_BUSY at once, without its busy timeout, when a
// connection must change the journal to WAL or create the first table while
// another process holds the new file in rollback mode (two processes
// starting together on a new state folder do exactly that); each step of
// migrate is safe to repeat.
func (s *Store) migrateWhenFree(ctx context.Context) error {
	deadline := time.Now().Add(openWait)
	wait := 5 * time.Millisecond
	for {
		err := s.migrate(ctx)
		if !isBusy(err) || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%w (waiting for another process: %w)", err, ctx.Err())
		case <-time.After(wait):
		}
		wait = min(2*wait, 200*time.Millisecond)
	}
}

// isBusy reports whether err is SQLite's "database is locked".
func isBusy(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.Code == sqlite3.ErrBusy
}

// SetScrubber makes every error text the store writes (run errors, dead-letter
// and draft reasons, quarantine reasons) pass through sc, which knows the
// configured secret values. Without one, credential fragments are still
// removed. Call it before the store is used.
func (s *Store) SetScrubber(sc *scrub.Scrubber) { s.scrub = sc }

// clean scrubs text before it is written: secrets and personal values.
func (s *Store) clean(text string) string { return s.scrub.Private(text) }

// ErrNoState reports that the state database does not exist yet.
var ErrNoState = errors.New("no state database yet (it is created by the first run)")

// OpenReadOnly opens an existing database for reading only: it creates no
// file or folder and every write through it fails. It works where the process
// may not write: when SQLite cannot create the WAL index beside the file, it
// reads the file as immutable, but only when the write-ahead log holds nothing
// (immutable reads ignore it, so they would show an older state). A database
// an older steward wrote is brought up to date once, as any write command
// would, or refused with a clear error where that is not possible. A missing
// database is ErrNoState.
func OpenReadOnly(ctx context.Context, path string) (*Store, error) {
	if _, err := os.Stat(path); err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("open store %s: %w", path, ErrNoState)
		}
		return nil, fmt.Errorf("open store %s: %w", path, err)
	}
	s, err := openReadOnlyMode(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("open store %s read-only: %w", path, err)
	}
	pending, err := s.pendingMigrations()
	if err != nil || pending == 0 {
		return s, err
	}
	s.Close()
	rw, err := Open(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("open store %s: it lacks %d migration(s) of this steward and cannot be updated from here (%w); run a write command such as steward run once where the state folder is writable", path, pending, err)
	}
	rw.Close()
	if s, err = openReadOnlyMode(ctx, path); err != nil {
		return nil, fmt.Errorf("open store %s read-only: %w", path, err)
	}
	return s, nil
}

func openReadOnlyMode(ctx context.Context, path string) (*Store, error) {
	s, err := openReadOnly(ctx, path, "mode=ro")
	if err == nil {
		return s, nil
	}
	if !immutableAllowed(path) {
		return nil, fmt.Errorf("%w; its write-ahead log %s-wal holds changes not yet in the file, which only a process that may write beside it can read: run a write command once, or read as a user who may write the state folder", err, path)
	}
	return openReadOnly(ctx, path, "mode=ro&immutable=1")
}

// immutableAllowed reports whether the database may be read as immutable:
// only when its write-ahead log is absent or empty.
func immutableAllowed(path string) bool {
	fi, err := os.Stat(path + "-wal")
	return err != nil || fi.Size() == 0
}

// pendingMigrations counts the embedded migrations the database lacks.
func (s *Store) pendingMigrations() (int, error) {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return 0, err
	}
	var n int
	if err := s.db.Get(&n, `SELECT count(*) FROM schema_migrations`); err != nil {
		return 0, fmt.Errorf("read migrations: %w", err)
	}
	return max(0, len(names)-n), nil
}

func openReadOnly(ctx context.Context, path, mode string) (*Store, error) {
	db, err := sqlx.Open("sqlite3", "file:"+path+"?"+mode+"&_busy_timeout=15000&_foreign_keys=on")
	if err != nil {
		return nil, err
	}
	// The first read is where SQLite finds out whether it can open the WAL index.
	var n int
	if err := db.GetContext(ctx, &n, `SELECT count(*) FROM schema_migrations`); err != nil {
		db.Close()
		return nil, err
	}
	return &Store{db: db, now: func() time.Time { return time.Now().UTC() }}, nil
}

// Close closes the database.
func (s *Store) Close() error {
	s.stageMu.Lock()
	for _, st := range []*sql.Stmt{s.stageFull, s.hashesFull} {
		if st != nil {
			st.Close()
		}
	}
	s.stageMu.Unlock()
	return s.db.Close()
}

// DB exposes the handle for read-only reporting queries.
func (s *Store) DB() *sqlx.DB { return s.db }

// IntegrityCheck runs PRAGMA integrity_check and returns its verdict ("ok").
func (s *Store) IntegrityCheck(ctx context.Context) (string, error) {
	var res string
	err := s.db.GetContext(ctx, &res, "PRAGMA integrity_check")
	return res, err
}

func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("create migrations table: %w", err)
	}
	var applied []int
	if err := s.db.SelectContext(ctx, &applied, `SELECT version FROM schema_migrations`); err != nil {
		return fmt.Errorf("read migrations: %w", err)
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	slices.Sort(names)
	for _, name := range names {
		v, err := strconv.Atoi(strings.SplitN(filepath.Base(name), "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: bad name", name)
		}
		if slices.Contains(applied, v) {
			continue
		}
		if err := s.apply(ctx, name, v); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) apply(ctx context.Context, name string, version int) error {
	body, err := migrations.ReadFile(name)
	if err != nil {
		return err
	}
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("apply migration %s: %w", name, err)
	}
	defer tx.Rollback()
	// Another process may have applied it since we looked; the immediate
	// transaction serialises us behind it, so check again inside.
	var done int
	if err := tx.GetContext(ctx, &done, `SELECT count(*) FROM schema_migrations WHERE version = ?`, version); err != nil {
		return fmt.Errorf("apply migration %s: %w", name, err)
	}
	if done > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return fmt.Errorf("apply migration %s: %w", name, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`, version, s.stamp()); err != nil {
		return fmt.Errorf("record migration %s: %w", name, err)
	}
	return tx.Commit()
}

func (s *Store) stamp() string { return s.now().Format(time.RFC3339Nano) }
