package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/jmoiron/sqlx"
)

// QualityRun is the stored score of one run's quality check.
type QualityRun struct {
	RunID       int64   `db:"run_id"`
	Job         string  `db:"job"`
	GeneratedAt string  `db:"generated_at"`
	Checked     int     `db:"checked"`
	Passing     int     `db:"passing"`
	Score       float64 `db:"score"`
	Grade       string  `db:"grade"`
	Enrichment  float64 `db:"enrichment"`
	Consistency float64 `db:"consistency"`
	// Summary is the full summary as JSON.
	Summary string `db:"summary"`
}

// ViolationRow is one stored violation.
type ViolationRow struct {
	RunID      int64  `db:"run_id" json:"run_id"`
	ProductKey string `db:"product_key" json:"product_key"`
	SKU        string `db:"sku" json:"sku"`
	Family     string `db:"family" json:"family"`
	Rule       string `db:"rule" json:"rule"`
	Severity   string `db:"severity" json:"severity"`
	Axis       string `db:"axis" json:"axis"`
	Attribute  string `db:"attribute" json:"attribute"`
	Locale     string `db:"locale" json:"locale"`
	Channel    string `db:"channel" json:"channel"`
	Value      string `db:"value" json:"value"`
	Message    string `db:"message" json:"message"`
	// Fix is the proposed correction as JSON, or "".
	Fix string `db:"fix" json:"fix"`
}

// ProductScore is a product with issues in one run.
type ProductScore struct {
	RunID       int64   `db:"run_id" json:"run_id"`
	ProductKey  string  `db:"product_key" json:"product_key"`
	SKU         string  `db:"sku" json:"sku"`
	Family      string  `db:"family" json:"family"`
	Passing     bool    `db:"passing" json:"passing"`
	Enrichment  float64 `db:"enrichment" json:"enrichment"`
	Consistency float64 `db:"consistency" json:"consistency"`
	Violations  int     `db:"violations" json:"violations"`
	// Grades are the product's grades per channel × locale,
	// "channel/locale:grade" separated by spaces ("" when not graded).
	Grades string `db:"grades" json:"grades,omitempty"`
}

// QualityWriter stores one run's quality results: products with issues and
// their violations as they come, the run's score at the end. It is an alias
// of an interface literal, not a named type, so that a consumer (jobs) may
// declare the same literal where it uses it and this store still satisfies
// the consumer's interface: Go matches method results by type identity.
type QualityWriter = interface {
	// Add buffers a product with issues and its violations.
	Add(ctx context.Context, p ProductScore, vs []ViolationRow) error
	// Flush writes the buffered rows.
	Flush(ctx context.Context) error
	// Finish writes what is buffered and the run's score.
	Finish(ctx context.Context, q QualityRun) error
}

// qualityWriter is the SQLite QualityWriter: batches of one transaction each.
type qualityWriter struct {
	s     *Store
	runID int64
	vs    []ViolationRow
	ps    []ProductScore
}

// NewQualityWriter starts storing the results of runID, replacing any earlier
// results of the same run.
func (s *Store) NewQualityWriter(ctx context.Context, runID int64) (QualityWriter, error) {
	for _, q := range []string{`DELETE FROM violations WHERE run_id = ?`, `DELETE FROM product_scores WHERE run_id = ?`, `DELETE FROM quality_runs WHERE run_id = ?`} {
		if _, err := s.db.ExecContext(ctx, q, runID); err != nil {
			return nil, fmt.Errorf("clear quality results of run %d: %w", runID, err)
		}
	}
	return &qualityWriter{s: s, runID: runID}, nil
}

// Add buffers a product with issues and its violations.
func (w *qualityWriter) Add(ctx context.Context, p ProductScore, vs []ViolationRow) error {
	p.RunID = w.runID
	w.ps = append(w.ps, p)
	for _, v := range vs {
		v.RunID = w.runID
		w.vs = append(w.vs, v)
	}
	if len(w.vs) >= 2000 || len(w.ps) >= 2000 {
		return w.Flush(ctx)
	}
	return nil
}

// Flush writes the buffered rows.
func (w *qualityWriter) Flush(ctx context.Context) error {
	if len(w.vs) == 0 && len(w.ps) == 0 {
		return nil
	}
	tx, err := w.s.db.BeginTxx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store violations: %w", err)
	}
	defer tx.Rollback()
	if err := namedBatch(ctx, tx, `INSERT INTO violations VALUES (:run_id, :product_key, :sku, :family, :rule, :severity, :axis, :attribute, :locale, :channel, :value, :message, :fix)`, w.vs); err != nil {
		return err
	}
	if err := namedBatch(ctx, tx, `INSERT INTO product_scores (run_id, product_key, sku, family, passing, enrichment, consistency, violations, grades)
		VALUES (:run_id, :product_key, :sku, :family, :passing, :enrichment, :consistency, :violations, :grades)`, w.ps); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store violations: %w", err)
	}
	w.vs, w.ps = w.vs[:0], w.ps[:0]
	return nil
}

func namedBatch[T any](ctx context.Context, tx *sqlx.Tx, q string, rows []T) error {
	if len(rows) == 0 {
		return nil
	}
	stmt, err := tx.PrepareNamedContext(ctx, q)
	if err != nil {
		return fmt.Errorf("prepare %s: %w", q[:24], err)
	}
	defer stmt.Close()
	for _, r := range rows {
		if _, err := stmt.ExecContext(ctx, r); err != nil {
			return fmt.Errorf("store row: %w", err)
		}
	}
	return nil
}

// Finish stores the run's score.
func (w *qualityWriter) Finish(ctx context.Context, q QualityRun) error {
	if err := w.Flush(ctx); err != nil {
		return err
	}
	q.RunID = w.runID
	_, err := w.s.db.NamedExecContext(ctx, `INSERT INTO quality_runs VALUES (:run_id, :job, :generated_at, :checked, :passing, :score, :grade, :enrichment, :consistency, :summary)`, q)
	if err != nil {
		return fmt.Errorf("store quality score of run %d: %w", w.runID, err)
	}
	return nil
}

// QualityRuns returns a job's stored scores, oldest first, the newest limit.
func (s *Store) QualityRuns(ctx context.Context, job string, limit int) ([]QualityRun, error) {
	var out []QualityRun
	err := s.db.SelectContext(ctx, &out, `SELECT * FROM (SELECT * FROM quality_runs WHERE (? = '' OR job = ?) ORDER BY run_id DESC LIMIT ?) ORDER BY run_id`, job, job, limit)
	if err != nil {
		return nil, fmt.Errorf("read quality history: %w", err)
	}
	return out, nil
}

// QualityRunByID returns one stored check; ok is false when the run has none.
func (s *Store) QualityRunByID(ctx context.Context, runID int64) (QualityRun, bool, error) {
	var q QualityRun
	err := s.db.GetContext(ctx, &q, `SELECT * FROM quality_runs WHERE run_id = ?`, runID)
	if errors.Is(err, sql.ErrNoRows) {
		return q, false, nil
	}
	return q, err == nil, err
}

// LatestQualityRun returns the newest stored check.
func (s *Store) LatestQualityRun(ctx context.Context) (QualityRun, bool, error) {
	var q QualityRun
	err := s.db.GetContext(ctx, &q, `SELECT * FROM quality_runs ORDER BY run_id DESC LIMIT 1`)
	if errors.Is(err, sql.ErrNoRows) {
		return q, false, nil
	}
	return q, err == nil, err
}

// EachViolation streams a run's violations ordered by product.
func (s *Store) EachViolation(ctx context.Context, runID int64, fn func(ViolationRow) error) error {
	rows, err := s.db.QueryxContext(ctx, `SELECT * FROM violations WHERE run_id = ? ORDER BY product_key, rule`, runID)
	if err != nil {
		return fmt.Errorf("read violations: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var v ViolationRow
		if err := rows.StructScan(&v); err != nil {
			return err
		}
		if err := fn(v); err != nil {
			return err
		}
	}
	return rows.Err()
}

// GradedViolation is a stored violation with its product's grades.
type GradedViolation struct {
	ViolationRow
	Grades string `db:"grades"`
}

// EachGradedViolation calls fn for every violation of a run, ordered by
// product and rule, with the grades of its product.
func (s *Store) EachGradedViolation(ctx context.Context, runID int64, fn func(GradedViolation) error) error {
	rows, err := s.db.QueryxContext(ctx, `SELECT v.*, COALESCE(p.grades, '') AS grades FROM violations v
		LEFT JOIN product_scores p ON p.run_id = v.run_id AND p.product_key = v.product_key
		WHERE v.run_id = ? ORDER BY v.product_key, v.rule`, runID)
	if err != nil {
		return fmt.Errorf("read violations: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var v GradedViolation
		if err := rows.StructScan(&v); err != nil {
			return fmt.Errorf("read violations: %w", err)
		}
		if err := fn(v); err != nil {
			return err
		}
	}
	return rows.Err()
}

// WorstProducts returns the products of a run with the lowest scores.
func (s *Store) WorstProducts(ctx context.Context, runID int64, limit int) ([]ProductScore, error) {
	var out []ProductScore
	err := s.db.SelectContext(ctx, &out, `SELECT * FROM product_scores WHERE run_id = ? ORDER BY passing, enrichment + consistency, violations DESC, product_key LIMIT ?`, runID, limit)
	return out, err
}

// ViolationsOf returns the violations of some products in a run.
func (s *Store) ViolationsOf(ctx context.Context, runID int64, keys []string) ([]ViolationRow, error) {
	if len(keys) == 0 {
		return nil, nil
	}
	q, args, err := sqlx.In(`SELECT * FROM violations WHERE run_id = ? AND product_key IN (?) ORDER BY product_key, rule`, runID, keys)
	if err != nil {
		return nil, err
	}
	var out []ViolationRow
	return out, s.db.SelectContext(ctx, &out, q, args...)
}
