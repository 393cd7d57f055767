package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// Draft kinds and statuses.
const (
	DraftDescription = "description"
	DraftCorrection  = "correction"

	DraftPending  = "pending"
	DraftApproved = "approved"
	DraftRejected = "rejected"
	DraftPushed   = "pushed"
	DraftFlagged  = "flagged"
	// DraftSuperseded is a draft a newer one for the same product, attribute,
	// locale and channel replaced; it can no longer be approved or pushed.
	// Kinds supersede each other too: a description draft answers a missing
	// value and a correction a present one, so a newer draft of the other kind
	// for the slot means the value changed state and the older one is stale.
	DraftSuperseded = "superseded"
	// DraftObsolete is an open draft a products run closed because its slot no
	// longer has the problem it answered (someone filled or fixed the value
	// since); it can no longer be approved or pushed.
	DraftObsolete = "obsolete"
	// DraftPushing is an approved draft a push run (PushRun) has claimed and is
	// writing; approve and reject refuse it until the push settles it.
	DraftPushing = "pushing"
)

// Draft is a proposed value waiting for a person: a description an LLM or a
// template wrote, or a mechanical correction.
type Draft struct {
	ID            int64  `db:"id" json:"id"`
	Kind          string `db:"kind" json:"kind"`
	ProductKey    string `db:"product_key" json:"product_key"`
	SKU           string `db:"sku" json:"sku"`
	Family        string `db:"family" json:"family"`
	Attribute     string `db:"attribute" json:"attribute"`
	Locale        string `db:"locale" json:"locale,omitempty"`
	Channel       string `db:"channel" json:"channel,omitempty"`
	Value         string `db:"value" json:"value"`
	Rule          string `db:"rule" json:"rule"`
	Generator     string `db:"generator" json:"generator"`
	Model         string `db:"model" json:"model"`
	PromptVersion string `db:"prompt_version" json:"prompt_version"`
	InputHash     string `db:"input_hash" json:"input_hash"`
	Status        string `db:"status" json:"status"`
	Reason        string `db:"reason" json:"reason,omitempty"`
	Reviewer      string `db:"reviewer" json:"reviewer,omitempty"`
	RunID         int64  `db:"run_id" json:"run_id"`
	CreatedAt     string `db:"created_at" json:"created_at"`
	UpdatedAt     string `db:"updated_at" json:"updated_at"`
	// Facts are the product facts (JSON) the draft was checked against; a
	// push checks it against them again.
	Facts string `db:"facts" json:"facts,omitempty"`
	// Override is set when a reviewer approved a flagged draft by its id,
	// with ReviewReason saying why.
	Override bool `db:"override" json:"override,omitempty"`
	// ReviewReason is the reviewer's reason for an override or a rejection.
	ReviewReason string `db:"review_reason" json:"review_reason,omitempty"`
	// SupersededBy is the id of the newer draft that replaced this one.
	SupersededBy int64 `db:"superseded_by" json:"superseded_by,omitempty"`
	// PushRun is the push run that claimed the draft while it is "pushing".
	PushRun int64 `db:"push_run" json:"push_run,omitempty"`
}

// HasDraft reports whether a live (not superseded or obsolete) draft for the
// same input exists: the same input never triggers a second generator call. When one
// does, open drafts of the same slot made from other inputs are stale (the
// product's facts went back to this input) and are superseded by it, so a
// stale draft is never approved or pushed.
func (s *Store) HasDraft(ctx context.Context, kind, productKey, attribute, locale, channel, inputHash string) (bool, error) {
	var id int64
	err := s.db.GetContext(ctx, &id, `SELECT id FROM drafts WHERE kind = ? AND product_key = ? AND attribute = ? AND locale = ? AND channel = ?
		AND input_hash = ? AND status NOT IN (?, ?)`, kind, productKey, attribute, locale, channel, inputHash, DraftSuperseded, DraftObsolete)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("look up draft of %s: %w", productKey, err)
	}
	var stale int
	if err := s.db.GetContext(ctx, &stale, `SELECT count(*) FROM drafts WHERE product_key = ? AND attribute = ? AND locale = ? AND channel = ?
		AND id != ? AND status IN (?, ?, ?)`, productKey, attribute, locale, channel, id, DraftPending, DraftApproved, DraftFlagged); err != nil || stale == 0 {
		return true, err
	}
	_, err = s.db.ExecContext(ctx, `UPDATE drafts SET status = ?, superseded_by = ?, updated_at = ?
		WHERE product_key = ? AND attribute = ? AND locale = ? AND channel = ? AND id != ? AND status IN (?, ?, ?)`,
		DraftSuperseded, id, s.stamp(), productKey, attribute, locale, channel, id, DraftPending, DraftApproved, DraftFlagged)
	if err != nil {
		return true, fmt.Errorf("supersede stale drafts of %s: %w", productKey, err)
	}
	return true, nil
}

// AddDraft stores a draft unless one for the same input exists; it reports
// whether it was added. A new draft supersedes the open (pending, approved or
// flagged) drafts of the same product, attribute, locale and channel, so only
// the newest can be approved and pushed.
func (s *Store) AddDraft(ctx context.Context, d Draft) (bool, error) {
	d.CreatedAt, d.UpdatedAt = s.stamp(), s.stamp()
	d.Reason = s.clean(d.Reason)
	tx, err := s.db.BeginTxx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("store draft for %s: %w", d.SKU, err)
	}
	defer tx.Rollback()
	res, err := tx.NamedExecContext(ctx, `INSERT INTO drafts (kind, product_key, sku, family, attribute, locale, channel, value, rule, generator, model,
		prompt_version, input_hash, status, reason, reviewer, run_id, created_at, updated_at, facts)
		VALUES (:kind, :product_key, :sku, :family, :attribute, :locale, :channel, :value, :rule, :generator, :model, :prompt_version,
		:input_hash, :status, :reason, :reviewer, :run_id, :created_at, :updated_at, :facts)
		ON CONFLICT (kind, product_key, attribute, locale, channel, input_hash) DO UPDATE SET
			value = excluded.value, rule = excluded.rule, generator = excluded.generator, model = excluded.model,
			prompt_version = excluded.prompt_version, status = excluded.status, reason = excluded.reason, reviewer = '',
			run_id = excluded.run_id, updated_at = excluded.updated_at, facts = excluded.facts, override = 0,
			review_reason = '', superseded_by = 0
		WHERE drafts.status IN ('superseded', 'obsolete')`, d)
	if err != nil {
		return false, fmt.Errorf("store draft for %s: %w", d.SKU, err)
	}
	// A draft for the same input that is live already stays (it gains the
	// facts a draft stored before they were kept); one that was superseded
	// (the facts changed and then changed back) or obsolete (the value was
	// filled, then emptied again) is drafted anew in its row.
	if n, _ := res.RowsAffected(); n != 1 {
		_, err := tx.ExecContext(ctx, `UPDATE drafts SET facts = ? WHERE kind = ? AND product_key = ? AND attribute = ? AND locale = ?
			AND channel = ? AND input_hash = ? AND facts = ''`, d.Facts, d.Kind, d.ProductKey, d.Attribute, d.Locale, d.Channel, d.InputHash)
		if err != nil {
			return false, fmt.Errorf("store facts of the draft for %s: %w", d.SKU, err)
		}
		return false, tx.Commit()
	}
	var id int64
	if err := tx.GetContext(ctx, &id, `SELECT id FROM drafts WHERE kind = ? AND product_key = ? AND attribute = ? AND locale = ? AND channel = ? AND input_hash = ?`,
		d.Kind, d.ProductKey, d.Attribute, d.Locale, d.Channel, d.InputHash); err != nil {
		return false, fmt.Errorf("store draft for %s: %w", d.SKU, err)
	}
	_, err = tx.ExecContext(ctx, `UPDATE drafts SET status = ?, superseded_by = ?, updated_at = ?
		WHERE product_key = ? AND attribute = ? AND locale = ? AND channel = ? AND id != ? AND status IN (?, ?, ?)`,
		DraftSuperseded, id, d.UpdatedAt, d.ProductKey, d.Attribute, d.Locale, d.Channel, id, DraftPending, DraftApproved, DraftFlagged)
	if err != nil {
		return false, fmt.Errorf("supersede older drafts of %s: %w", d.SKU, err)
	}
	return true, tx.Commit()
}

// DraftFilter selects drafts; zero fields select all.
type DraftFilter struct {
	IDs                          []int64
	Kind, Status, Family, Locale string
	// Channel and Rule select exactly; Reason selects drafts whose
	// guardrail reason contains it, SKU those whose SKU contains it.
	Channel, Rule, Reason, SKU string
	// AfterID selects ids above it (for paging).
	AfterID int64
	Limit   int
}

func (f DraftFilter) where() (string, []any) {
	var w filterSQL
	w.eq("kind", f.Kind)
	w.eq("status", f.Status)
	w.eq("family", f.Family)
	w.eq("locale", f.Locale)
	w.eq("channel", f.Channel)
	w.eq("rule", f.Rule)
	if f.Reason != "" {
		w.add("instr(reason, ?) > 0", f.Reason)
	}
	if f.SKU != "" {
		w.add("instr(sku, ?) > 0", f.SKU)
	}
	if f.AfterID > 0 {
		w.add("id > ?", f.AfterID)
	}
	q, args := w.and(), w.args
	if len(f.IDs) > 0 {
		in, inArgs, _ := sqlx.In("id IN (?)", f.IDs)
		q += " AND " + in
		args = append(args, inArgs...)
	}
	return q, args
}

// Drafts lists drafts matching f, by id.
func (s *Store) Drafts(ctx context.Context, f DraftFilter) ([]Draft, error) {
	where, args := f.where()
	q := `SELECT * FROM drafts WHERE ` + where + ` ORDER BY id`
	if f.Limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	var out []Draft
	if err := s.db.SelectContext(ctx, &out, q, args...); err != nil {
		return nil, fmt.Errorf("list drafts: %w", err)
	}
	return out, nil
}

// CountDrafts returns how many drafts match f, whatever its limit.
func (s *Store) CountDrafts(ctx context.Context, f DraftFilter) (int, error) {
	where, args := f.where()
	var n int
	if err := s.db.GetContext(ctx, &n, `SELECT count(*) FROM drafts WHERE `+where, args...); err != nil {
		return 0, fmt.Errorf("count drafts: %w", err)
	}
	return n, nil
}

// SetDraftStatus moves the drafts matching f from one of the from statuses to
// status, recording the reviewer; it returns how many moved.
func (s *Store) SetDraftStatus(ctx context.Context, f DraftFilter, from []string, status, reviewer string) (int64, error) {
	where, args := f.where()
	in, inArgs, _ := sqlx.In("status IN (?)", from)
	q := `UPDATE drafts SET status = ?, reviewer = CASE WHEN ? = '' THEN reviewer ELSE ? END, updated_at = ? WHERE ` + where + " AND " + in
	all := append([]any{status, reviewer, reviewer, s.stamp()}, args...)
	res, err := s.db.ExecContext(ctx, q, append(all, inArgs...)...)
	if err != nil {
		return 0, fmt.Errorf("update drafts: %w", err)
	}
	return res.RowsAffected()
}

// DraftCounts returns how many drafts there are per kind and status.
func (s *Store) DraftCounts(ctx context.Context) (map[string]map[string]int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT kind, status, count(*) FROM drafts GROUP BY kind, status`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]map[string]int{}
	for rows.Next() {
		var k, st string
		var n int
		if err := rows.Scan(&k, &st, &n); err != nil {
			return nil, err
		}
		if out[k] == nil {
			out[k] = map[string]int{}
		}
		out[k][st] = n
	}
	return out, rows.Err()
}
