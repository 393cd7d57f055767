package store

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// Snapshot is what a page of a snapshot pass tells staging: the keys it
// read (all of them, changed or not; "" for a record read without a key)
// and the data type and source whose staged records the finished pass
// covers.
type Snapshot struct {
	DataType string
	Source   string
	Seen     []string
}

// notSeen selects the source's staged keys the job's snapshot pass has not
// read: ?1 data type, ?2 source, ?3 job, ?4 stream.
const notSeen = `FROM staged s WHERE s.data_type = ?1 AND s.source = ?2
	AND NOT EXISTS (SELECT 1 FROM pass_seen p WHERE p.job = ?3 AND p.stream = ?4 AND p.key = s.key)`

// snapshot keeps the keys of a snapshot pass's page and, on the page that
// finishes the pass, deletes the source's staged records the pass did not
// read (unless it read one without a key), returning how many.
func (s *Store) snapshot(ctx context.Context, tx *sqlx.Tx, p PageCommit) (int, error) {
	if p.Snapshot == nil {
		return 0, nil
	}
	for _, k := range p.Snapshot.Seen {
		if _, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO pass_seen (job, stream, key) VALUES (?, ?, ?)`, p.Job, p.Stream, k); err != nil {
			return 0, fmt.Errorf("keep the keys of a snapshot pass: %w", err)
		}
	}
	if p.Cursor.InPass() {
		return 0, nil
	}
	n, err := s.deleteUnseen(ctx, tx, p)
	if err != nil {
		return 0, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM pass_seen WHERE job = ? AND stream = ?`, p.Job, p.Stream); err != nil {
		return 0, fmt.Errorf("forget the keys of a finished snapshot pass: %w", err)
	}
	return n, nil
}

// deleteUnseen deletes the staged records a finished snapshot pass did not
// read and records their deletion.
func (s *Store) deleteUnseen(ctx context.Context, tx *sqlx.Tx, p PageCommit) (int, error) {
	sn := p.Snapshot
	var unkeyed int
	if err := tx.GetContext(ctx, &unkeyed, `SELECT count(*) FROM pass_seen WHERE job = ? AND stream = ? AND key = ''`, p.Job, p.Stream); err != nil {
		return 0, fmt.Errorf("read the keys of a snapshot pass: %w", err)
	}
	if unkeyed > 0 {
		return 0, nil // a record without its key may be any staged one
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO deletions (data_type, source, key, deleted_at, run_id) SELECT s.data_type, s.source, s.key, '', ?5 `+notSeen+`
		ON CONFLICT (data_type, source, key) DO UPDATE SET run_id = excluded.run_id`, sn.DataType, sn.Source, p.Job, p.Stream, p.RunID)
	if err != nil {
		return 0, fmt.Errorf("record the records a snapshot pass did not read as deleted: %w", err)
	}
	res, err := tx.ExecContext(ctx, `DELETE FROM staged WHERE data_type = ?1 AND source = ?2
		AND NOT EXISTS (SELECT 1 FROM pass_seen p WHERE p.job = ?3 AND p.stream = ?4 AND p.key = staged.key)`, sn.DataType, sn.Source, p.Job, p.Stream)
	if err != nil {
		return 0, fmt.Errorf("delete the records a snapshot pass did not read: %w", err)
	}
	n, err := res.RowsAffected()
	return int(n), err
}
