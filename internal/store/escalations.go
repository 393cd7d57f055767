package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// Escalation kinds and statuses.
const (
	// EscalationConflict is a true merge conflict: both systems changed the
	// same fields to different values since the last synced version.
	EscalationConflict = "conflict"
	// EscalationAmbiguous is a record that matches several records of
	// another system; steward does not guess which.
	EscalationAmbiguous = "ambiguous_match"
	// EscalationLeadRouting is a lead the router would not route on its
	// own (spam, no or several products, two accounts, a low score); its
	// reason says why and its target version holds the router's analysis.
	EscalationLeadRouting = "lead_routing"

	EscalationOpen      = "open"
	EscalationResolved  = "resolved"
	EscalationDismissed = "dismissed"
	// EscalationSuperseded is an escalation steward closed itself: a later
	// run decided the record on its own (a lead routed automatically after
	// its inquiry changed), so a person's decision would only overwrite it.
	EscalationSuperseded = "superseded"
)

// Escalation is a decision the transform stage leaves to a person. Versions
// are canonical JSON objects by field name (for an ambiguous match, the
// target version lists the candidates).
type Escalation struct {
	ID            int64  `db:"id" json:"id"`
	Job           string `db:"job" json:"job"`
	RunID         int64  `db:"run_id" json:"run_id"`
	DataType      string `db:"data_type" json:"data_type"`
	CanonicalID   string `db:"canonical_id" json:"canonical_id"`
	Kind          string `db:"kind" json:"kind"`
	SourceSystem  string `db:"source_system" json:"source_system"`
	SourceKey     string `db:"source_key" json:"source_key"`
	TargetSystem  string `db:"target_system" json:"target_system"`
	TargetKey     string `db:"target_key" json:"target_key"`
	SourceVersion string `db:"source_version" json:"source_version"`
	TargetVersion string `db:"target_version" json:"target_version"`
	// BaseVersion is the last synced version ("" on a first sync).
	BaseVersion string `db:"base_version" json:"base_version,omitempty"`
	// Fields is a JSON array of the fields in conflict.
	Fields    string `db:"fields" json:"fields"`
	Status    string `db:"status" json:"status"`
	Decision  string `db:"decision" json:"decision,omitempty"`
	DecidedBy string `db:"decided_by" json:"decided_by,omitempty"`
	DecidedAt string `db:"decided_at" json:"decided_at,omitempty"`
	Reason    string `db:"reason" json:"reason,omitempty"`
	CreatedAt string `db:"created_at" json:"created_at"`
	UpdatedAt string `db:"updated_at" json:"updated_at"`
}

// ErrNoEscalation reports an escalation id that does not exist.
var ErrNoEscalation = errors.New("no such escalation")

// ErrEscalationClosed reports a decision on an escalation already decided.
var ErrEscalationClosed = errors.New("escalation is already closed")

// ErrEscalationChanged reports a decision taken on versions of an open
// escalation that a later run has replaced since (Decision.Seen).
var ErrEscalationChanged = errors.New("escalation changed since it was shown")

// EscalationFilter selects escalations; empty fields select all.
type EscalationFilter struct {
	Job    string
	Status string
	Limit  int
}

// Escalations lists escalations, oldest first.
func (s *Store) Escalations(ctx context.Context, f EscalationFilter) ([]Escalation, error) {
	if f.Limit <= 0 {
		f.Limit = -1
	}
	var out []Escalation
	err := s.db.SelectContext(ctx, &out, `SELECT * FROM escalations WHERE (? = '' OR job = ?) AND (? = '' OR status = ?) ORDER BY id LIMIT ?`,
		f.Job, f.Job, f.Status, f.Status, f.Limit)
	if err != nil {
		return nil, fmt.Errorf("list escalations: %w", err)
	}
	return out, nil
}

// GetEscalation returns one escalation; ErrNoEscalation if there is none.
func (s *Store) GetEscalation(ctx context.Context, id int64) (Escalation, error) {
	return getEscalation(ctx, s.db, id)
}

func getEscalation(ctx context.Context, q sqlx.QueryerContext, id int64) (Escalation, error) {
	var e Escalation
	err := sqlx.GetContext(ctx, q, &e, `SELECT * FROM escalations WHERE id = ?`, id)
	if errors.Is(err, sql.ErrNoRows) {
		return e, fmt.Errorf("escalation %d: %w", id, ErrNoEscalation)
	}
	if err != nil {
		return e, fmt.Errorf("read escalation %d: %w", id, err)
	}
	return e, nil
}

// Escalate stores escalations in one transaction (outside a page commit).
func (s *Store) Escalate(ctx context.Context, es []Escalation) error {
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store escalations: %w", err)
	}
	defer tx.Rollback()
	if err := s.escalate(ctx, tx, es); err != nil {
		return err
	}
	return tx.Commit()
}

// escalate inserts escalations inside tx; an open one for the same job,
// entity, kind and target is updated with the newer versions instead.
func (s *Store) escalate(ctx context.Context, tx *sqlx.Tx, es []Escalation) error {
	now := s.stamp()
	for _, e := range es {
		_, err := tx.ExecContext(ctx, `INSERT INTO escalations (job, run_id, data_type, canonical_id, kind, source_system, source_key,
			target_system, target_key, source_version, target_version, base_version, fields, status, reason, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?)
			ON CONFLICT (job, data_type, canonical_id, source_key, kind, target_system) WHERE status = 'open'
			DO UPDATE SET run_id = excluded.run_id, source_version = excluded.source_version, target_key = excluded.target_key,
				target_version = excluded.target_version, base_version = excluded.base_version, fields = excluded.fields,
				reason = excluded.reason, updated_at = excluded.updated_at`,
			e.Job, e.RunID, e.DataType, e.CanonicalID, e.Kind, e.SourceSystem, e.SourceKey, e.TargetSystem, e.TargetKey,
			orJSON(e.SourceVersion, "{}"), orJSON(e.TargetVersion, "{}"), e.BaseVersion, orJSON(e.Fields, "[]"), s.clean(e.Reason), now, now)
		if err != nil {
			return fmt.Errorf("escalate %s %s of %s: %w", e.Kind, e.DataType, e.SourceKey, err)
		}
	}
	return nil
}

// Supersession closes the open escalations of a job's derivation for one
// record in one target (a lead_routing escalation), because a later run
// decided the record on its own. Why says how ("routed automatically");
// the run is added.
type Supersession struct {
	Job          string
	DataType     string
	CanonicalID  string
	TargetSystem string
	Kind         string
	Why          string
}

// supersede closes the open escalations of ss inside tx as superseded by
// run runID, decided by steward; a record without one changes nothing.
func (s *Store) supersede(ctx context.Context, tx *sqlx.Tx, runID int64, ss []Supersession) error {
	now := s.stamp()
	for _, x := range ss {
		_, err := tx.ExecContext(ctx, `UPDATE escalations SET status = ?, decided_by = 'steward', decided_at = ?, reason = ?, updated_at = ?
			WHERE job = ? AND data_type = ? AND canonical_id = ? AND target_system = ? AND kind = ? AND status = 'open'`,
			EscalationSuperseded, now, fmt.Sprintf("%s by run %d", x.Why, runID), now, x.Job, x.DataType, x.CanonicalID, x.TargetSystem, x.Kind)
		if err != nil {
			return fmt.Errorf("supersede %s escalations of %s in %s: %w", x.Kind, x.CanonicalID, x.TargetSystem, err)
		}
	}
	return nil
}

func orJSON(s, empty string) string {
	if s == "" {
		return empty
	}
	return s
}

// Decision is a person's decision on an open escalation: what it records, the
// writes it queues (to both systems) and the new synced version and crosswalk
// rows it sets, all committed together. A crosswalk row of Links moves the
// entity to its record: another record of the same system that held it is
// unlinked and decided again.
type Decision struct {
	ID       int64
	Status   string // EscalationResolved or EscalationDismissed
	Decision string // JSON
	By       string
	Reason   string
	Outbox   []OutboxItem
	Synced   []SyncedVersion
	Links    []Link
	// Seen, when set, is the escalation's updated_at as the decider's page
	// showed it: a decision on versions a rerun changed since is
	// ErrEscalationChanged.
	Seen string
}

// redecide forgets the staged hash of the records a decision links, so the
// next pass that reads them stages and decides them again (their writes
// were held back while they were ambiguous).
func redecide(ctx context.Context, tx *sqlx.Tx, links []Link) error {
	for _, l := range links {
		if _, err := tx.ExecContext(ctx, `UPDATE staged SET hash = '' WHERE data_type = ? AND source = ? AND key = ?`,
			l.DataType, l.System, l.NativeID); err != nil {
			return fmt.Errorf("mark %s %s for a new decision: %w", l.System, l.NativeID, err)
		}
	}
	return nil
}

// Decide records a decision on an open escalation in one transaction. A
// closed escalation is ErrEscalationClosed, an unknown one ErrNoEscalation.
func (s *Store) Decide(ctx context.Context, d Decision) error {
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("decide escalation %d: %w", d.ID, err)
	}
	defer tx.Rollback()
	e, err := getEscalation(ctx, tx, d.ID)
	if err != nil {
		return err
	}
	if e.Status != EscalationOpen {
		return fmt.Errorf("decide escalation %d (%s by %s): %w", d.ID, e.Status, e.DecidedBy, ErrEscalationClosed)
	}
	if d.Seen != "" && d.Seen != e.UpdatedAt {
		return fmt.Errorf("decide escalation %d (run %d updated its versions at %s): reload it and decide again: %w", d.ID, e.RunID, e.UpdatedAt, ErrEscalationChanged)
	}
	now := s.stamp()
	if _, err := tx.ExecContext(ctx, `UPDATE escalations SET status = ?, decision = ?, decided_by = ?, decided_at = ?, reason = ?, updated_at = ? WHERE id = ?`,
		d.Status, d.Decision, d.By, now, s.clean(d.Reason), now, d.ID); err != nil {
		return fmt.Errorf("decide escalation %d: %w", d.ID, err)
	}
	if err := s.auditDecision(ctx, tx, e, d); err != nil {
		return err
	}
	if err := s.enqueue(ctx, tx, d.Outbox); err != nil {
		return err
	}
	if err := s.putSynced(ctx, tx, d.Synced); err != nil {
		return err
	}
	if err := s.applyLinks(ctx, tx, d.Links); err != nil {
		return fmt.Errorf("decide escalation %d: %w", d.ID, err)
	}
	return tx.Commit()
}

// applyLinks stores the crosswalk rows a decision sets inside tx. Each takes
// its entity from any other record of its system (that record is unlinked),
// and every record involved is marked to be decided again.
func (s *Store) applyLinks(ctx context.Context, tx *sqlx.Tx, links []Link) error {
	moved, err := moveLinks(ctx, tx, links)
	if err != nil {
		return err
	}
	if err := s.putLinks(ctx, tx, links); err != nil {
		return err
	}
	return redecide(ctx, tx, append(moved, links...))
}

// auditDecision records a decision on escalation e inside tx: before holds
// the versions it decided between, after the decision.
func (s *Store) auditDecision(ctx context.Context, tx *sqlx.Tx, e Escalation, d Decision) error {
	action := AuditResolve
	if d.Status == EscalationDismissed {
		action = AuditDismiss
	}
	before, _ := json.Marshal(struct {
		Source json.RawMessage `json:"source"`
		Target json.RawMessage `json:"target"`
		Fields json.RawMessage `json:"fields"`
	}{rawOrString(e.SourceVersion), rawOrString(e.TargetVersion), rawOrString(e.Fields)})
	return s.audit(ctx, tx, DecisionRecord{Reviewer: d.By, Action: action, SubjectKind: SubjectEscalation,
		SubjectID: fmt.Sprint(e.ID), Reason: d.Reason, Before: string(before), After: d.Decision})
}
