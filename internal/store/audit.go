package store

import (
	"context"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// Decision actions recorded in the audit trail.
const (
	AuditApprove          = "approve"
	AuditApproveOverride  = "approve_override"
	AuditEditApprove      = "edit_approve"
	AuditReject           = "reject"
	AuditApproveSelection = "approve_selection"
	AuditRejectSelection  = "reject_selection"
	AuditResolve          = "resolve"
	AuditDismiss          = "dismiss"
	AuditReplay           = "replay"
	AuditDiscard          = "discard"
)

// Subjects of recorded decisions.
const (
	SubjectDraft      = "draft"
	SubjectSelection  = "selection"
	SubjectEscalation = "escalation"
	SubjectDeadLetter = "dead_letter"
)

// DecisionRecord is one row of the audit trail: who decided what, when (UTC,
// RFC 3339), why, and the values before and after.
type DecisionRecord struct {
	ID          int64  `db:"id" json:"id"`
	At          string `db:"at" json:"at"`
	Reviewer    string `db:"reviewer" json:"reviewer"`
	Action      string `db:"action" json:"action"`
	SubjectKind string `db:"subject_kind" json:"subject_kind"`
	SubjectID   string `db:"subject_id" json:"subject_id"`
	Reason      string `db:"reason" json:"reason,omitempty"`
	Before      string `db:"before" json:"before,omitempty"`
	After       string `db:"after" json:"after,omitempty"`
}

// audit records a decision inside tx, the decision's own transaction, so a
// decision and its record commit or roll back together.
func (s *Store) audit(ctx context.Context, tx *sqlx.Tx, r DecisionRecord) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO decisions (at, reviewer, action, subject_kind, subject_id, reason, before, after)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, s.stamp(), r.Reviewer, r.Action, r.SubjectKind, r.SubjectID, s.clean(r.Reason), r.Before, r.After)
	if err != nil {
		return fmt.Errorf("record %s of %s %s: %w", r.Action, r.SubjectKind, r.SubjectID, err)
	}
	return nil
}

// DecisionFilter selects audit records; zero fields select all. Records come
// newest first; BeforeID pages on (ids below it).
type DecisionFilter struct {
	Reviewer, Action string
	// Day selects one UTC day, as 2006-01-02.
	Day      string
	BeforeID int64
	Limit    int
}

// DecisionLog lists recorded decisions, newest first.
func (s *Store) DecisionLog(ctx context.Context, f DecisionFilter) ([]DecisionRecord, error) {
	var w filterSQL
	w.eq("reviewer", f.Reviewer)
	w.eq("action", f.Action)
	if f.Day != "" {
		w.add("at >= ? AND at < ?", f.Day, f.Day+"T99")
	}
	if f.BeforeID > 0 {
		w.add("id < ?", f.BeforeID)
	}
	var out []DecisionRecord
	q := `SELECT * FROM decisions WHERE ` + w.and() + ` ORDER BY id DESC LIMIT ?`
	if err := s.db.SelectContext(ctx, &out, q, append(w.args, sqlLimit(f.Limit))...); err != nil {
		return nil, fmt.Errorf("list decisions: %w", err)
	}
	return out, nil
}
