package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/stewardhq/steward/internal/failpoint"
	"github.com/stewardhq/steward/internal/record"
)

// Staged is a record as it will be (or is) stored in staging.
type Staged struct {
	DataType string
	Source   string
	Record   record.Record
	Hash     string
}

// OutboxItem is one keyed write waiting for a target.
type OutboxItem struct {
	ID         int64  `db:"id"`
	Job        string `db:"job"`
	Target     string `db:"target"`
	ExternalID string `db:"external_id"`
	Hash       string `db:"hash"`
	Payload    []byte `db:"payload"`
	RunID      int64  `db:"run_id"`
	Status     string `db:"status"`
	Attempts   int    `db:"attempts"`
	// DraftID names the draft a write pushes (0 for other writes).
	DraftID int64 `db:"draft_id"`
	// Overwrite says the transform stage decided the write wins over a
	// concurrent change in the target (after a conflict, or a person's
	// decision): the loader writes without a precondition.
	Overwrite bool `db:"overwrite"`
	// SourceKey and CanonicalID name the record and entity the write came
	// from (empty for writes not decided from a record).
	SourceKey   string `db:"source_key"`
	CanonicalID string `db:"canonical_id"`
	// Synced is the synced version of (Job, Target, CanonicalID) the write
	// leads to, recorded when the target takes it (written or unchanged);
	// empty when the write sets none.
	Synced []byte `db:"synced"`
	// NativeID is the target's own id of the record (its crosswalked
	// record), empty when unknown: the loader finds the record by it.
	NativeID string `db:"native_id"`
}

// PageCommit is everything one page changes, committed atomically: the changed
// records, the writes they cause, quarantined input, the run counters and the
// cursor that is true once all of it is stored.
type PageCommit struct {
	RunID      int64
	Job        string
	Stream     string
	Changed    []Staged
	Outbox     []OutboxItem
	Quarantine []record.Quarantined
	// Deletions are the page's records its source reports deleted.
	Deletions []Deletion
	// Snapshot is set on the pages of a pass reading every record of its
	// source (record.Cursor.Snapshot).
	Snapshot *Snapshot
	PageURL  string
	Counts   Counts
	// HTTP, when set, replaces the run's HTTP figures (totals so far).
	HTTP   *HTTPCounts
	Cursor record.Cursor
	// Links, Escalations and Synced are the transform stage's identity and
	// decisions for the page: crosswalk rows, escalations for a person, and
	// the versions now agreed with each target without a write (a version
	// a write leads to rides on its outbox item: OutboxItem.Synced).
	Links       []Link
	Escalations []Escalation
	Synced      []SyncedVersion
	// Superseded are the open escalations of records the page decided on
	// their own after all (closed as superseded by the run).
	Superseded []Supersession
}

// Hashes returns the stored content hash of each of keys that is staged.
func (s *Store) Hashes(ctx context.Context, dataType, source string, keys []string) (map[string]string, error) {
	out := make(map[string]string, len(keys))
	for len(keys) > 0 {
		n := min(len(keys), 500)
		rows, err := s.queryHashes(ctx, dataType, source, keys[:n])
		if err != nil {
			return nil, fmt.Errorf("read staged hashes: %w", err)
		}
		for rows.Next() {
			var k, h string
			if err := rows.Scan(&k, &h); err != nil {
				rows.Close()
				return nil, err
			}
			out[k] = h
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		keys = keys[n:]
	}
	return out, nil
}

// CommitPage stores a page in one transaction. Cleanup after cancellation is the
// caller's business: the commit itself is not interrupted by ctx once begun.
func (s *Store) CommitPage(ctx context.Context, p PageCommit) error {
	ctx = context.WithoutCancel(ctx)
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin page commit: %w", err)
	}
	defer tx.Rollback()
	if err := s.stageRecords(ctx, tx, p); err != nil {
		return err
	}
	if err := s.undelete(ctx, tx, p); err != nil {
		return err
	}
	if err := s.enqueue(ctx, tx, p.Outbox); err != nil {
		return err
	}
	if err := s.quarantine(ctx, tx, p); err != nil {
		return err
	}
	if err := s.deleteStaged(ctx, tx, p); err != nil {
		return err
	}
	unseen, err := s.snapshot(ctx, tx, p)
	if err != nil {
		return err
	}
	p.Counts.Deleted += unseen
	if err := s.commitDecisions(ctx, tx, p); err != nil {
		return err
	}
	failpoint.Hit("mid_tx")
	if err := s.countPage(ctx, tx, p); err != nil {
		return err
	}
	if err := s.putCursor(ctx, tx, p.Job, p.Stream, p.Cursor); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE locks SET heartbeat_at = ? WHERE job = ?`, s.stamp(), p.Job); err != nil {
		return fmt.Errorf("heartbeat lock: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit page: %w", err)
	}
	return nil
}

// countPage adds the page's counts to its run and sets the run's HTTP
// figures when the page carries them.
func (s *Store) countPage(ctx context.Context, tx *sqlx.Tx, p PageCommit) error {
	c := p.Counts
	if _, err := tx.ExecContext(ctx, addCountsSQL, c.Read, c.Staged, c.Unchanged, c.Written, c.Rejected, c.Quarantined, c.Pages, c.Deleted, p.RunID); err != nil {
		return fmt.Errorf("update run counts: %w", err)
	}
	if p.HTTP != nil {
		if _, err := tx.ExecContext(ctx, setHTTPSQL, httpArgs(p.RunID, *p.HTTP)...); err != nil {
			return fmt.Errorf("update run http counts: %w", err)
		}
	}
	return nil
}

func (s *Store) quarantine(ctx context.Context, tx *sqlx.Tx, p PageCommit) error {
	for _, q := range p.Quarantine {
		_, err := tx.ExecContext(ctx, `INSERT INTO quarantine (run_id, job, key, raw, reason, page, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			p.RunID, p.Job, q.Key, q.Raw, s.clean(q.Reason), p.PageURL, s.stamp())
		if err != nil {
			return fmt.Errorf("quarantine record %q: %w", q.Key, err)
		}
	}
	return nil
}

// EachStaged calls fn for every staged record of a data type in key order,
// streaming rows so memory stays flat.
func (s *Store) EachStaged(ctx context.Context, dataType string, fn func(StagedRow) error) error {
	rows, err := s.db.QueryxContext(ctx, `SELECT key, source, hash, payload, updated_at, first_run, last_run FROM staged WHERE data_type = ? ORDER BY source, key`, dataType)
	if err != nil {
		return fmt.Errorf("read staged %s: %w", dataType, err)
	}
	defer rows.Close()
	for rows.Next() {
		var r StagedRow
		if err := rows.StructScan(&r); err != nil {
			return fmt.Errorf("read staged %s: %w", dataType, err)
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// StagedPayload returns the staged payload of one record; ok is false when
// the record is not staged.
func (s *Store) StagedPayload(ctx context.Context, dataType, source, key string) (payload []byte, ok bool, err error) {
	err = s.db.GetContext(ctx, &payload, `SELECT payload FROM staged WHERE data_type = ? AND source = ? AND key = ?`, dataType, source, key)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("read staged %s %s: %w", dataType, key, err)
	}
	return payload, true, nil
}

// CountStaged returns how many records of a data type are staged.
func (s *Store) CountStaged(ctx context.Context, dataType string) (int, error) {
	var n int
	err := s.db.GetContext(ctx, &n, `SELECT count(*) FROM staged WHERE data_type = ?`, dataType)
	return n, err
}

func formatTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// LastChangeRun returns the newest run that staged a change of dataType or
// removed a deleted record of it (0 if none).
func (s *Store) LastChangeRun(ctx context.Context, dataType string) (int64, error) {
	var n sql.NullInt64
	err := s.db.GetContext(ctx, &n, `SELECT max(r) FROM (SELECT max(last_run) AS r FROM staged WHERE data_type = ?
		UNION ALL SELECT max(run_id) FROM deletions WHERE data_type = ?)`, dataType, dataType)
	return n.Int64, err
}
