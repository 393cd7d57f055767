package quality

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/stewardhq/steward/internal/atomicfile"
	"github.com/stewardhq/steward/internal/store"
)

// ReportSchema versions the JSON report (see docs/REPORT.md).
const ReportSchema = "steward.quality/v1"

// Report is what every report format shows.
type Report struct {
	Schema      string                    `json:"schema"`
	RunID       int64                     `json:"run_id"`
	Job         string                    `json:"job"`
	GeneratedAt string                    `json:"generated_at"`
	Summary     Summary                   `json:"summary"`
	Previous    *Point                    `json:"previous,omitempty"`
	Trend       []Point                   `json:"trend"`
	Worst       []Worst                   `json:"worst_products"`
	Drafts      []store.Draft             `json:"pending_drafts"`
	DraftCounts map[string]map[string]int `json:"draft_counts"`
}

// Point is one past run's score.
type Point struct {
	RunID       int64   `json:"run_id"`
	GeneratedAt string  `json:"generated_at"`
	Score       float64 `json:"score"`
	Passing     int     `json:"passing"`
	Checked     int     `json:"total"`
}

// Worst is a product with its issues.
type Worst struct {
	store.ProductScore
	Issues []store.ViolationRow `json:"issues"`
}

// Report limits.
const (
	TrendRuns     = 1000
	WorstProducts = 50
	DraftsShown   = 100
)

// ErrNoQualityCheck is returned by LoadReport for a run that has no quality
// check stored.
var ErrNoQualityCheck = errors.New("has no quality check")

// LoadReport gathers a run's report from the store. A run without a quality
// check is ErrNoQualityCheck.
func LoadReport(ctx context.Context, st ReportStore, runID int64) (Report, error) {
	q, ok, err := st.QualityRunByID(ctx, runID)
	if err != nil {
		return Report{}, fmt.Errorf("load quality check of run %d: %w", runID, err)
	}
	if !ok {
		return Report{}, fmt.Errorf("run %d %w", runID, ErrNoQualityCheck)
	}
	r := Report{Schema: ReportSchema, RunID: runID, Job: q.Job, GeneratedAt: q.GeneratedAt}
	if err := json.Unmarshal([]byte(q.Summary), &r.Summary); err != nil {
		return r, fmt.Errorf("run %d: stored summary: %w", runID, err)
	}
	hist, err := st.QualityRuns(ctx, q.Job, TrendRuns)
	if err != nil {
		return r, err
	}
	for _, h := range hist {
		if h.RunID > runID {
			continue
		}
		p := Point{RunID: h.RunID, GeneratedAt: h.GeneratedAt, Score: h.Score, Passing: h.Passing, Checked: h.Checked}
		if h.RunID < runID {
			pp := p
			r.Previous = &pp
		}
		r.Trend = append(r.Trend, p)
	}
	if r.Worst, err = worst(ctx, st, runID); err != nil {
		return r, err
	}
	if r.Drafts, err = st.Drafts(ctx, store.DraftFilter{Status: store.DraftPending, Limit: DraftsShown}); err != nil {
		return r, err
	}
	r.DraftCounts, err = st.DraftCounts(ctx)
	return r, err
}

func worst(ctx context.Context, st Results, runID int64) ([]Worst, error) {
	ps, err := st.WorstProducts(ctx, runID, WorstProducts)
	if err != nil {
		return nil, err
	}
	return WithIssues(ctx, st, runID, ps)
}

// ViolationReader reads the violations of some products of a run.
type ViolationReader interface {
	// ViolationsOf returns the violations of runID of the products keys.
	ViolationsOf(ctx context.Context, runID int64, keys []string) ([]store.ViolationRow, error)
}

// WithIssues pairs each product of ps with its violations in run runID,
// read at once.
func WithIssues(ctx context.Context, st ViolationReader, runID int64, ps []store.ProductScore) ([]Worst, error) {
	keys := make([]string, len(ps))
	for i, p := range ps {
		keys[i] = p.ProductKey
	}
	vs, err := st.ViolationsOf(ctx, runID, keys)
	if err != nil {
		return nil, err
	}
	by := map[string][]store.ViolationRow{}
	for _, v := range vs {
		by[v.ProductKey] = append(by[v.ProductKey], v)
	}
	out := make([]Worst, len(ps))
	for i, p := range ps {
		out[i] = Worst{ProductScore: p, Issues: by[p.ProductKey]}
	}
	return out, nil
}

// Change is the score difference to the previous run, in points (0 on the first run).
func (r Report) Change() float64 {
	if r.Previous == nil {
		return 0
	}
	return r.Summary.Score - r.Previous.Score
}

// PendingCount is how many drafts of a kind wait for approval.
func (r Report) PendingCount(kind string) int { return r.DraftCounts[kind][store.DraftPending] }

// topRules returns the rules sorted by violations.
func (r Report) topRules() []RuleCount {
	rs := append([]RuleCount{}, r.Summary.Rules...)
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].Violations > rs[j].Violations })
	return rs
}

// WriteFiles writes quality-<run>.html, .json and .csv into dir, and
// quality-<run>.grades.csv when the check graded products per channel ×
// locale, each under a temporary name renamed when complete, and returns
// their paths.
func WriteFiles(ctx context.Context, st ReportStore, dir string, runID int64) ([]string, error) {
	rep, err := LoadReport(ctx, st, runID)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("write reports: %w", err)
	}
	var paths []string
	formats := []string{"html", "json", "csv"}
	if len(rep.Summary.Grades) > 0 {
		formats = append(formats, GradesFormat)
	}
	for _, format := range formats {
		path := filepath.Join(dir, fmt.Sprintf("quality-%d.%s", runID, format))
		err := atomicfile.Write(path, func(f *os.File) error { return Render(ctx, f, st, rep, format) })
		if err != nil {
			return paths, err
		}
		paths = append(paths, path)
	}
	return paths, nil
}

// Render writes one report format to w.
func Render(ctx context.Context, w interface{ Write([]byte) (int, error) }, st Violations, rep Report, format string) error {
	switch format {
	case "html":
		return writeHTML(w, rep)
	case "json":
		return writeJSON(ctx, w, st, rep)
	case "csv":
		return writeCSV(ctx, w, st, rep.RunID)
	case GradesFormat:
		return writeGradesCSV(w, rep)
	}
	return fmt.Errorf("unknown report format %q (html, json, csv or %s)", format, GradesFormat)
}
