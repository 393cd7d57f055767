package quality

import (
	"context"
	"encoding/json"
	"strconv"

	"github.com/stewardhq/steward/internal/store"
)

// productIssues is one product with issues in the JSON report.
type productIssues struct {
	Key    string `json:"key"`
	SKU    string `json:"sku"`
	Family string `json:"family"`
	// Grades are the product's grades per channel × locale (GradesText).
	Grades     string               `json:"grades,omitempty"`
	Violations []store.ViolationRow `json:"violations"`
}

// writeJSON writes the report document, streaming every product with issues.
func writeJSON(ctx context.Context, w interface{ Write([]byte) (int, error) }, st Violations, rep Report) error {
	head := map[string]any{
		"schema": rep.Schema, "run_id": rep.RunID, "job": rep.Job, "generated_at": rep.GeneratedAt,
		"total": rep.Summary.Checked, "passing": rep.Summary.Passing, "score": round1(rep.Summary.Score), "grade": rep.Summary.Grade,
		"axes": roundAxes(rep.Summary.Axes), "rules": rep.Summary.Rules, "families": roundGroups(rep.Summary.Families),
		"channel_locales": roundGroups(rep.Summary.ChannelLocales), "channel_locale_grades": roundCells(rep.Summary.Grades), "previous": roundPoint(rep.Previous), "trend": roundPoints(rep.Trend),
		"draft_counts": rep.DraftCounts, "warnings": warnings(rep.Summary),
	}
	b, err := json.Marshal(head)
	if err != nil {
		return err
	}
	if _, err := w.Write(append(b[:len(b)-1], []byte(`,"products":[`)...)); err != nil {
		return err
	}
	var cur *productIssues
	first := true
	flush := func() error {
		if cur == nil {
			return nil
		}
		pb, err := json.Marshal(cur)
		if err != nil {
			return err
		}
		if !first {
			pb = append([]byte{','}, pb...)
		}
		first = false
		_, err = w.Write(pb)
		return err
	}
	err = st.EachGradedViolation(ctx, rep.RunID, func(v store.GradedViolation) error {
		if cur == nil || cur.Key != v.ProductKey {
			if err := flush(); err != nil {
				return err
			}
			cur = &productIssues{Key: v.ProductKey, SKU: v.SKU, Family: v.Family, Grades: v.Grades}
		}
		cur.Violations = append(cur.Violations, v.ViolationRow)
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return err
	}
	_, err = w.Write([]byte("]}\n"))
	return err
}

// warnings are the summary's warnings, an empty list for summaries stored
// before warnings existed.
func warnings(s Summary) []string {
	if s.Warnings == nil {
		return []string{}
	}
	return s.Warnings
}

func round1(f float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'f', 1, 64), 64)
	return v
}

// Scores are written with one decimal (docs/REPORT.md), like the top-level score.
func roundAxes(a Axes) Axes {
	a.Enrichment, a.Consistency = round1(a.Enrichment), round1(a.Consistency)
	return a
}

func roundGroups(gs []Group) []Group {
	out := make([]Group, len(gs))
	for i, g := range gs {
		g.Score, g.Enrichment, g.Consistency = round1(g.Score), round1(g.Enrichment), round1(g.Consistency)
		out[i] = g
	}
	return out
}

func roundPoint(p *Point) *Point {
	if p == nil {
		return nil
	}
	q := *p
	q.Score = round1(q.Score)
	return &q
}

func roundPoints(ps []Point) []Point {
	out := make([]Point, len(ps))
	for i, p := range ps {
		out[i] = *roundPoint(&p)
	}
	return out
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
