package quality

import (
	"encoding/json"
	"strings"
	"time"

	"github.com/stewardhq/steward/internal/store"
)

// Rows turns one product's verdict into the rows the store keeps: its score
// and one row per violation, each fix as JSON.
func Rows(res ProductResult) (store.ProductScore, []store.ViolationRow) {
	score := store.ProductScore{ProductKey: res.Key, SKU: res.SKU, Family: res.Family, Passing: res.Passing,
		Enrichment: res.Enrichment, Consistency: res.Consistency, Violations: len(res.Violations), Grades: GradesText(res.Cells)}
	rows := make([]store.ViolationRow, len(res.Violations))
	for i, v := range res.Violations {
		fix := ""
		if v.Fix != nil {
			fix = string(mustJSON(v.Fix))
		}
		rows[i] = store.ViolationRow{ProductKey: v.ProductKey, SKU: v.SKU, Family: v.Family, Rule: v.Rule, Severity: v.Severity, Axis: v.Axis,
			Attribute: v.Attribute, Locale: v.Locale, Channel: v.Channel, Value: v.Value, Message: v.Message, Fix: fix}
	}
	return score, rows
}

// GradesText renders a product's cell grades as stored and shown:
// "channel/locale:grade" separated by spaces, "" when not graded.
func GradesText(cells []CellResult) string {
	parts := make([]string, len(cells))
	for i, c := range cells {
		name := slotName(slot{locale: c.Locale, channel: c.Channel})
		if name == "" {
			name = "(global)"
		}
		parts[i] = name + ":" + c.Grade
	}
	return strings.Join(parts, " ")
}

// RunRow is the stored summary of job's check, generated at at.
func RunRow(job string, s Summary, at time.Time) store.QualityRun {
	b, _ := json.Marshal(s)
	return store.QualityRun{Job: job, GeneratedAt: at.Format(time.RFC3339), Checked: s.Checked, Passing: s.Passing, Score: s.Score,
		Grade: s.Grade, Enrichment: s.Axes.Enrichment, Consistency: s.Axes.Consistency, Summary: string(b)}
}
