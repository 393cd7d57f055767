package store

import (
	"context"
	"fmt"
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
// f.After (keyset paging, never an offset). It reads the open part and the
// closed part as two queries, each a range of ids in an index of its own
// part (migration 0021), so no page sorts or skips the other part's rows.
func (s *Store) EscalationPage(ctx context.Context, f EscalationPageFilter) ([]Escalation, error) {
	var out []Escalation
	for _, closed := range []bool{false, true} {
		if (f.After.Closed && !closed) || !statusIn(f.Status, closed) || (f.Limit > 0 && len(out) >= f.Limit) {
			continue
		}
		after := int64(0)
		if f.After.Closed == closed {
			after = f.After.ID
		}
		rows, err := s.escalationPart(ctx, f, closed, after, f.Limit-len(out))
		if err != nil {
			return nil, err
		}
		out = append(out, rows...)
	}
	return out, nil
}

// statusIn reports whether a status filter can select escalations of the
// open (closed false) or the closed part.
func statusIn(status string, closed bool) bool {
	return status == "" || (status == EscalationOpen) != closed
}

// escalationPart reads up to limit (all when limit <= 0) escalations of one
// part after id after.
func (s *Store) escalationPart(ctx context.Context, f EscalationPageFilter, closed bool, after int64, limit int) ([]Escalation, error) {
	q, args := escalationPartSQL(f, closed, after, limit)
	var out []Escalation
	if err := s.db.SelectContext(ctx, &out, q, args...); err != nil {
		return nil, fmt.Errorf("list escalations: %w", err)
	}
	return out, nil
}

// escalationPartSQL is the query of one part. The part's condition is
// written as the literal its partial indexes name, so SQLite can use them.
func escalationPartSQL(f EscalationPageFilter, closed bool, after int64, limit int) (string, []any) {
	w := filterSQL{conds: []string{"status = 'open'", "id > ?"}, args: []any{after}}
	if closed {
		w.conds[0] = "status != 'open'"
	}
	w.eq("job", f.Job)
	w.eq("data_type", f.DataType)
	w.eq("kind", f.Kind)
	if closed {
		w.eq("status", f.Status)
	}
	return `SELECT * FROM escalations WHERE ` + w.and() + ` ORDER BY id LIMIT ?`, append(w.args, sqlLimit(limit))
}
