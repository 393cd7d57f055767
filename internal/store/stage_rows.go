package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"

	"github.com/jmoiron/sqlx"
)

// stageChunk is the most rows one INSERT stages; a page of 100 products is
// one statement.
const stageChunk = 100

// stageSQLs caches the INSERT text for each row count.
var stageSQLs sync.Map

// stageSQL is the INSERT staging n rows: ?1 data type, ?2 source, ?3 run,
// then key, hash, payload and update time of each row, so that what a page's
// rows share is bound once.
func stageSQL(n int) string {
	if q, ok := stageSQLs.Load(n); ok {
		return q.(string)
	}
	var b strings.Builder
	b.WriteString(`INSERT INTO staged (data_type, source, key, hash, payload, updated_at, first_run, last_run) VALUES `)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		p := 4 + 4*i
		fmt.Fprintf(&b, "(?1, ?2, ?%d, ?%d, ?%d, ?%d, ?3, ?3)", p, p+1, p+2, p+3)
	}
	b.WriteString(`
		ON CONFLICT (data_type, source, key) DO UPDATE SET hash = excluded.hash, payload = excluded.payload,
			updated_at = excluded.updated_at, last_run = excluded.last_run`)
	q := b.String()
	stageSQLs.Store(n, q)
	return q
}

// stageRecords stages a page's changed records with one multi-row INSERT
// per stageChunk rows of the same data type and source.
func (s *Store) stageRecords(ctx context.Context, tx *sqlx.Tx, p PageCommit) error {
	rows := p.Changed
	args := make([]any, 0, 3+4*min(len(rows), stageChunk))
	for len(rows) > 0 {
		n := 1
		for n < len(rows) && n < stageChunk && rows[n].DataType == rows[0].DataType && rows[n].Source == rows[0].Source {
			n++
		}
		args = append(args[:0], rows[0].DataType, rows[0].Source, p.RunID)
		for _, r := range rows[:n] {
			args = append(args, r.Record.Key, r.Hash, []byte(r.Record.Payload), formatTime(r.Record.Updated))
		}
		if err := s.execStage(ctx, tx, n, args); err != nil {
			return fmt.Errorf("stage records %s to %s: %w", rows[0].Record.Key, rows[n-1].Record.Key, err)
		}
		rows = rows[n:]
	}
	return nil
}

// execStage runs the INSERT of n rows in tx: a full chunk by the statement
// prepared once per store, a shorter one prepared for this call.
func (s *Store) execStage(ctx context.Context, tx *sqlx.Tx, n int, args []any) error {
	if n != stageChunk {
		_, err := tx.ExecContext(ctx, stageSQL(n), args...)
		return err
	}
	s.stageMu.Lock()
	if s.stageFull == nil {
		st, err := s.db.PrepareContext(ctx, stageSQL(n))
		if err != nil {
			s.stageMu.Unlock()
			return err
		}
		s.stageFull = st
	}
	st := s.stageFull
	s.stageMu.Unlock()
	_, err := tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	return err
}

// hashesSQL selects the hashes of n keys.
func hashesSQL(n int) string {
	return `SELECT key, hash FROM staged WHERE data_type = ? AND source = ? AND key IN (?` + strings.Repeat(", ?", n-1) + `)`
}

// queryHashes reads the stored hashes of keys: a page of stageChunk keys by
// the statement prepared once per store, other counts by one prepared for
// this call.
func (s *Store) queryHashes(ctx context.Context, dataType, source string, keys []string) (*sql.Rows, error) {
	args := make([]any, 0, 2+len(keys))
	args = append(args, dataType, source)
	for _, k := range keys {
		args = append(args, k)
	}
	if len(keys) != stageChunk {
		return s.db.QueryContext(ctx, hashesSQL(len(keys)), args...)
	}
	s.stageMu.Lock()
	if s.hashesFull == nil {
		st, err := s.db.PrepareContext(ctx, hashesSQL(stageChunk))
		if err != nil {
			s.stageMu.Unlock()
			return nil, err
		}
		s.hashesFull = st
	}
	st := s.hashesFull
	s.stageMu.Unlock()
	return st.QueryContext(ctx, args...)
}
