package store

import (
	"encoding/json"
	"testing"

	"github.com/jmoiron/sqlx"
)

// TestMigrationKeepsOutboxAndDeadLetters: a state database written before
// the conflict statuses keeps its writes and dead letters (ids, references)
// through the rebuild of the outbox, which then takes a conflict.
func TestMigrationKeepsOutboxAndDeadLetters(t *testing.T) {
	path, db := oldState(t, 11)
	mustExec(t, db, `INSERT INTO outbox (id, job, target, external_id, hash, payload, run_id, status, created_at, updated_at) VALUES (7, 'j', 'crm', 'E-1', 'h', '{"a":1}', 1, 'dead', 'x', 'x')`)
	mustExec(t, db, `INSERT INTO dead_letters (outbox_id, job, target, external_id, payload, reason, attempts, run_id, created_at) VALUES (7, 'j', 'crm', 'E-1', '{"a":1}', 'no', 1, 1, 'x')`)
	db.Close()

	st, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	dl, err := st.DeadLetters(t.Context(), "j", 10)
	if err != nil || len(dl) != 1 || dl[0].OutboxID != 7 {
		t.Fatalf("dead letters after the migration: %+v %v", dl, err)
	}
	var bad []string
	if err := st.DB().SelectContext(t.Context(), &bad, `SELECT "table" FROM pragma_foreign_key_check`); err != nil || len(bad) > 0 {
		t.Errorf("foreign keys after the migration: %v %v", bad, err)
	}
	cur := map[string]json.RawMessage{"a": json.RawMessage("2")}
	mustExec(t, st.DB(), `UPDATE outbox SET status = 'pending' WHERE id = 7`)
	if err := st.SettleOutbox(t.Context(), 1, []Settle{{ID: 7, Status: OutboxConflict, Current: cur}}); err != nil {
		t.Fatal(err)
	}
	cs, err := st.Conflicts(t.Context(), "j", "crm")
	if err != nil || len(cs) != 1 || string(cs[0].Current["a"]) != "2" {
		t.Errorf("conflicts %+v %v; want item 7 with the target's a=2", cs, err)
	}
}

func mustExec(t *testing.T, db *sqlx.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}
