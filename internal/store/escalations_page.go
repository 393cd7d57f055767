package store

import (
	"context"
	"fmt"
	"strings"
)

// EscalationPageFilter selects a page of escalations for the console; empty
// fields select all. Pages run open escalations first, then the closed
// ones, each by id; After is the last row of the previous page.
type EscalationPageFilter struct {
	Job, DataType, Kind, Status string
	After                       EscalationCursor
	Limit                       int
}

// EscalationCursor is a position in the open-first order: Closed is false
// for open escalations.
type EscalationCursor struct {
	Closed bool
	ID     int64
}

// EscalationPage lists escalations open first, then by id, from after
// f.After (keyset paging, never an offset).
func (s *Store) EscalationPage(ctx context.Context, f EscalationPageFilter) ([]Escalation, error) {
	conds := []string{"1 = 1"}
	var args []any
	for _, c := range []struct{ col, v string }{{"job", f.Job}, {"data_type", f.DataType}, {"kind", f.Kind}, {"status", f.Status}} {
		if c.v != "" {
			conds = append(conds, c.col+" = ?")
			args = append(args, c.v)
		}
	}
	if f.After.ID > 0 {
		conds = append(conds, "((status != 'open') > ? OR ((status != 'open') = ? AND id > ?))")
		args = append(args, f.After.Closed, f.After.Closed, f.After.ID)
	}
	if f.Limit <= 0 {
		f.Limit = -1
	}
	var out []Escalation
	q := `SELECT * FROM escalations WHERE ` + strings.Join(conds, " AND ") + ` ORDER BY status != 'open', id LIMIT ?`
	if err := s.db.SelectContext(ctx, &out, q, append(args, f.Limit)...); err != nil {
		return nil, fmt.Errorf("list escalations: %w", err)
	}
	return out, nil
}
