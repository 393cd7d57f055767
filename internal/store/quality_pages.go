package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// QualityPoint is one stored quality check with the trigger of its run.
type QualityPoint struct {
	QualityRun
	Trigger string `db:"trigger"`
}

// QualityHistory returns job's stored checks (every job's when job is
// empty), oldest first, the newest limit; checks of backfill runs only when
// withBackfill is set. It reads quality_runs by its job index and each run
// by its key.
func (s *Store) QualityHistory(ctx context.Context, job string, withBackfill bool, limit int) ([]QualityPoint, error) {
	var out []QualityPoint
	err := s.db.SelectContext(ctx, &out, `SELECT * FROM (SELECT q.*, r.trigger FROM quality_runs q JOIN runs r ON r.id = q.run_id
		WHERE (? = '' OR q.job = ?) AND (? OR r.trigger != 'backfill') ORDER BY q.run_id DESC LIMIT ?) ORDER BY run_id`,
		job, job, withBackfill, limit)
	if err != nil {
		return nil, fmt.Errorf("read quality history: %w", err)
	}
	return out, nil
}

// LatestQuality returns the newest check of job (of any job when empty)
// that is not a backfill run's; ok is false when there is none.
func (s *Store) LatestQuality(ctx context.Context, job string) (QualityPoint, bool, error) {
	ps, err := s.QualityHistory(ctx, job, false, 1)
	if err != nil || len(ps) == 0 {
		return QualityPoint{}, false, err
	}
	return ps[0], true, nil
}

// QualityJobs lists the jobs with a stored quality check, sorted.
func (s *Store) QualityJobs(ctx context.Context) ([]string, error) {
	var out []string
	if err := s.db.SelectContext(ctx, &out, `SELECT DISTINCT job FROM quality_runs ORDER BY job`); err != nil {
		return nil, fmt.Errorf("list checked jobs: %w", err)
	}
	return out, nil
}

// ProductFilter selects the products with issues of one quality run. Family
// and Grade select on the product (Grade: any of its channel × locale grades,
// a necessary condition the caller refines); Rule, Severity, Channel and
// Locale select products with a violation matching all of them; Search
// selects products whose SKU or key contains it, or with a violation whose
// value or message does. Products come in key order after AfterKey.
type ProductFilter struct {
	RunID                                   int64
	Family, Grade                           string
	Rule, Severity, Channel, Locale, Search string
	AfterKey                                string
	Limit                                   int
	// ScanLimit, when above 0, bounds the work: only the ScanLimit
	// products with issues after AfterKey are considered (ScanBound names
	// the last of them), so a filter few products match answers in bounded
	// time and the caller pages on.
	ScanLimit int
}

// ViolatingProducts lists one page of the products with issues of a run, by
// key (keyset paging on product_scores' primary key; each filter on
// violations is a lookup by violations_run).
func (s *Store) ViolatingProducts(ctx context.Context, f ProductFilter) ([]ProductScore, error) {
	w := filterSQL{conds: []string{"p.run_id = ?", "p.product_key > ?"}, args: []any{f.RunID, f.AfterKey}}
	w.eq("p.family", f.Family)
	if f.Grade != "" {
		w.add("instr(p.grades, ?) > 0", ":"+f.Grade)
	}
	if v := f.violationConds(); len(v.conds) > 0 {
		w.add(`EXISTS (SELECT 1 FROM violations v WHERE v.run_id = p.run_id AND v.product_key = p.product_key AND `+v.and()+`)`, v.args...)
	}
	if f.Search != "" {
		w.add(`(instr(p.sku, ?) > 0 OR instr(p.product_key, ?) > 0 OR EXISTS (SELECT 1 FROM violations v
			WHERE v.run_id = p.run_id AND v.product_key = p.product_key AND (instr(v.value, ?) > 0 OR instr(v.message, ?) > 0)))`,
			f.Search, f.Search, f.Search, f.Search)
	}
	from, args := `product_scores p`, w.args
	if f.ScanLimit > 0 {
		from = `(SELECT * FROM product_scores WHERE run_id = ? AND product_key > ? ORDER BY product_key LIMIT ?) p`
		args = append([]any{f.RunID, f.AfterKey, f.ScanLimit}, args...)
	}
	var out []ProductScore
	q := `SELECT p.* FROM ` + from + ` WHERE ` + w.and() + ` ORDER BY p.product_key LIMIT ?`
	if err := s.db.SelectContext(ctx, &out, q, append(args, sqlLimit(f.Limit))...); err != nil {
		return nil, fmt.Errorf("list products with issues of run %d: %w", f.RunID, err)
	}
	return out, nil
}

// ScanBound returns the key of the n-th product with issues of a run after
// the key after; more is false when no product follows that one (or fewer
// than n follow after).
func (s *Store) ScanBound(ctx context.Context, runID int64, after string, n int) (key string, more bool, err error) {
	var keys []string
	err = s.db.SelectContext(ctx, &keys, `SELECT product_key FROM product_scores WHERE run_id = ? AND product_key > ?
		ORDER BY product_key LIMIT 2 OFFSET ?`, runID, after, n-1)
	if err != nil {
		return "", false, fmt.Errorf("page the products with issues of run %d: %w", runID, err)
	}
	if len(keys) == 0 {
		return "", false, nil
	}
	return keys[0], len(keys) == 2, nil
}

// violationConds are the filter's conditions on a product's violations
// (none when it has no violation field).
func (f ProductFilter) violationConds() filterSQL {
	var w filterSQL
	w.eq("v.rule", f.Rule)
	w.eq("v.severity", f.Severity)
	w.eq("v.channel", f.Channel)
	w.eq("v.locale", f.Locale)
	return w
}

// ProductCheck is a product's result in one quality check: its score row,
// or Clean when the check found nothing wrong with it.
type ProductCheck struct {
	RunID       int64  `db:"run_id"`
	Job         string `db:"job"`
	GeneratedAt string `db:"generated_at"`
	Trigger     string `db:"trigger"`
	// Found is false when the product had no issue in the check.
	Found      bool            `db:"found"`
	Passing    sql.NullBool    `db:"passing"`
	Violations sql.NullInt64   `db:"violations"`
	Grades     sql.NullString  `db:"grades"`
	Enrichment sql.NullFloat64 `db:"enrichment"`
}

// ProductHistory returns the product's result in every stored check of the
// jobs that ever found an issue with it, oldest first, the newest limit. It
// looks the product up in each check by product_scores' primary key.
func (s *Store) ProductHistory(ctx context.Context, key string, limit int) ([]ProductCheck, error) {
	var jobs []string
	err := s.db.SelectContext(ctx, &jobs, `SELECT DISTINCT q.job FROM quality_runs q
		WHERE EXISTS (SELECT 1 FROM product_scores p WHERE p.run_id = q.run_id AND p.product_key = ?)`, key)
	if err != nil || len(jobs) == 0 {
		return nil, wrapHistory(key, err)
	}
	q, args, err := sqlx.In(`SELECT * FROM (SELECT q.run_id, q.job, q.generated_at, r.trigger, p.product_key IS NOT NULL AS found,
		p.passing, p.violations, p.grades, p.enrichment
		FROM quality_runs q JOIN runs r ON r.id = q.run_id
		LEFT JOIN product_scores p ON p.run_id = q.run_id AND p.product_key = ?
		WHERE q.job IN (?) ORDER BY q.run_id DESC LIMIT ?) ORDER BY run_id`, key, jobs, limit)
	if err != nil {
		return nil, wrapHistory(key, err)
	}
	var out []ProductCheck
	return out, wrapHistory(key, s.db.SelectContext(ctx, &out, q, args...))
}

func wrapHistory(key string, err error) error {
	if err != nil {
		return fmt.Errorf("read quality history of product %s: %w", key, err)
	}
	return nil
}

// ProductScoreOf returns a product's score row in one check; ok is false
// when the check found no issue with it.
func (s *Store) ProductScoreOf(ctx context.Context, runID int64, key string) (ProductScore, bool, error) {
	var p ProductScore
	err := s.db.GetContext(ctx, &p, `SELECT * FROM product_scores WHERE run_id = ? AND product_key = ?`, runID, key)
	if errors.Is(err, sql.ErrNoRows) {
		return p, false, nil
	}
	if err != nil {
		return p, false, fmt.Errorf("read score of product %s in run %d: %w", key, runID, err)
	}
	return p, true, nil
}

// DraftsOfProduct lists a product's drafts of every kind and status, newest
// first, at most limit.
func (s *Store) DraftsOfProduct(ctx context.Context, key string, limit int) ([]Draft, error) {
	var out []Draft
	err := s.db.SelectContext(ctx, &out, `SELECT * FROM drafts WHERE kind IN ('description', 'correction') AND product_key = ?
		ORDER BY id DESC LIMIT ?`, key, limit)
	if err != nil {
		return nil, fmt.Errorf("list drafts of product %s: %w", key, err)
	}
	return out, nil
}
