package store

import (
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/jmoiron/sqlx"
)

// oldState writes a state database as a steward without the migrations
// from version below on would have, and returns its path and handle.
func oldState(t *testing.T, below int) (string, *sqlx.DB) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sqlx.Open("sqlite3", "file:"+path+"?_foreign_keys=on")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	names, _ := fs.Glob(migrations, "migrations/*.sql")
	slices.Sort(names)
	mustExec(t, db, `CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`)
	for _, n := range names {
		v, _ := strconv.Atoi(strings.SplitN(filepath.Base(n), "_", 2)[0])
		if v >= below {
			continue
		}
		body, _ := migrations.ReadFile(n)
		mustExec(t, db, string(body))
		mustExec(t, db, `INSERT INTO schema_migrations VALUES (?, 'x')`, v)
	}
	return path, db
}
