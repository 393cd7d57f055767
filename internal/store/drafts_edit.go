package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"
)

// EditDraft replaces the value of an open (pending, approved or flagged)
// draft with value (the canonical JSON a push writes: for a description, a
// JSON string; for a correction, a canonical value object of the proposal's
// kind) and approves it, in one transaction with its audit record, which
// keeps the original value. The caller checks the new value before it calls
// EditDraft (a description with the guardrail a generated draft passes,
// drafts.Verify; a correction with the rule that proposed it); the approval
// carries no override. A draft that does not exist or cannot be approved is a
// *SelectionError and nothing changes.
func (s *Store) EditDraft(ctx context.Context, id int64, value string, r Review) error {
	if !json.Valid([]byte(value)) {
		return fmt.Errorf("edit draft %d: the new value is not JSON", id)
	}
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("edit draft %d: %w", id, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, releaseStaleSQL, s.stamp()); err != nil {
		return fmt.Errorf("edit draft %d: %w", id, err)
	}
	var d Draft
	err = tx.GetContext(ctx, &d, `SELECT * FROM drafts WHERE id = ?`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return &SelectionError{Problems: []string{fmt.Sprintf("there is no draft %d", id)}}
	}
	if err != nil {
		return fmt.Errorf("edit draft %d: %w", id, err)
	}
	if p := stale(d, r); p != "" {
		return &SelectionError{Problems: []string{p}}
	}
	if err := correctionShape(d, value); err != nil {
		return err
	}
	switch d.Status {
	case DraftPending, DraftApproved, DraftFlagged:
	case DraftPushing:
		return &SelectionError{Problems: []string{beingPushed(d)}}
	default:
		return &SelectionError{Problems: []string{fmt.Sprintf("draft %d is %s and cannot be edited", d.ID, d.Status)}}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE drafts SET value = ?, status = ?, reviewer = ?, override = 0, review_reason = ?, updated_at = ? WHERE id = ?`,
		value, DraftApproved, r.Reviewer, r.Reason, s.stamp(), d.ID); err != nil {
		return fmt.Errorf("edit draft %d: %w", id, err)
	}
	if err := s.auditDraft(ctx, tx, d, AuditEditApprove, r.Reviewer, r.Reason, value); err != nil {
		return err
	}
	return tx.Commit()
}

// correctionShape refuses a correction's new value that is not a canonical
// value object of the kind the correction proposed (a metric stays a metric).
func correctionShape(d Draft, value string) error {
	if d.Kind != DraftCorrection {
		return nil
	}
	var was, now struct {
		Kind string `json:"kind"`
	}
	if json.Unmarshal([]byte(value), &now) != nil || now.Kind == "" {
		return fmt.Errorf("edit draft %d: the new value of a correction is not a canonical value object", d.ID)
	}
	if json.Unmarshal([]byte(d.Value), &was) != nil || was.Kind != now.Kind {
		return fmt.Errorf("edit draft %d: the new value is a %s, the correction proposed a %q value", d.ID, now.Kind, was.Kind)
	}
	return nil
}

// auditDraft records a decision on draft d inside tx: before holds its
// status and value as they were, after the value it now holds for a push
// (empty for a rejection).
func (s *Store) auditDraft(ctx context.Context, tx *sqlx.Tx, d Draft, action, reviewer, reason, after string) error {
	before, _ := json.Marshal(struct {
		Status string          `json:"status"`
		Value  json.RawMessage `json:"value"`
	}{d.Status, rawOrString(d.Value)})
	return s.audit(ctx, tx, DecisionRecord{Reviewer: reviewer, Action: action, SubjectKind: SubjectDraft,
		SubjectID: fmt.Sprint(d.ID), Reason: reason, Before: string(before), After: after})
}

// rawOrString keeps valid JSON as it is and quotes anything else.
func rawOrString(v string) json.RawMessage {
	if json.Valid([]byte(v)) {
		return json.RawMessage(v)
	}
	b, _ := json.Marshal(v)
	return b
}

// describe names a selection for the audit trail: its filters, or "all
// drafts".
func (f DraftFilter) describe() string {
	var parts []string
	for _, kv := range [][2]string{{"kind", f.Kind}, {"status", f.Status}, {"family", f.Family}, {"locale", f.Locale},
		{"channel", f.Channel}, {"rule", f.Rule}, {"reason", f.Reason}, {"sku", f.SKU}} {
		if kv[1] != "" {
			parts = append(parts, kv[0]+"="+kv[1])
		}
	}
	if len(parts) == 0 {
		return "all drafts"
	}
	return strings.Join(parts, " ")
}

// DraftStatusCounts returns how many drafts of f's selection (its status,
// paging and limit ignored) there are per status.
func (s *Store) DraftStatusCounts(ctx context.Context, f DraftFilter) (map[string]int, error) {
	f.Status, f.AfterID, f.Limit = "", 0, 0
	where, args := f.where()
	rows, err := s.db.QueryContext(ctx, `SELECT status, count(*) FROM drafts WHERE `+where+` GROUP BY status`, args...)
	if err != nil {
		return nil, fmt.Errorf("count drafts by status: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			return nil, fmt.Errorf("count drafts by status: %w", err)
		}
		out[st] = n
	}
	return out, rows.Err()
}
