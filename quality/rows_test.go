package quality

import (
	"encoding/json"
	"testing"
	"time"
)

// TestRows: a product's verdict becomes its score row and one violation row
// per violation with the fix as JSON; a summary becomes the run's row.
func TestRows(t *testing.T) {
	fix := &Fix{Attribute: "color", Value: mustJSON(opt("color", "red")), Autofix: true}
	res := ProductResult{Key: "u1", SKU: "SKU-1", Family: "shirts", Passing: false, Enrichment: 50, Consistency: 0, Violations: []Violation{
		{ProductKey: "u1", SKU: "SKU-1", Family: "shirts", Rule: "color", Severity: Error, Axis: Consistency, Attribute: "color", Value: "Red", Message: "m", Fix: fix},
		{ProductKey: "u1", SKU: "SKU-1", Family: "shirts", Rule: "desc", Severity: Error, Axis: Enrichment, Attribute: "description", Locale: "en_US", Channel: "ecommerce", Message: "missing"},
	}}
	score, rows := Rows(res)
	if score.ProductKey != "u1" || score.SKU != "SKU-1" || score.Passing || score.Enrichment != 50 || score.Violations != 2 {
		t.Errorf("score %+v", score)
	}
	if len(rows) != 2 || rows[1].Fix != "" || rows[1].Locale != "en_US" || rows[1].Channel != "ecommerce" {
		t.Fatalf("rows %+v", rows)
	}
	var back Fix
	if err := json.Unmarshal([]byte(rows[0].Fix), &back); err != nil || !back.Autofix || fixText(rows[0].Fix) != "red" {
		t.Errorf("stored fix %s (%v)", rows[0].Fix, err)
	}
	if fixText(`{"attribute":"color","value":"blue","autofix":false}`) != "blue" {
		t.Error("a fix stored before values were canonical is not shown")
	}
	at := time.Date(2026, 3, 1, 6, 0, 0, 0, time.UTC)
	run := RunRow("products", Summary{Checked: 4, Passing: 3, Score: 75, Grade: "C", Axes: Axes{Enrichment: 80, Consistency: 90}}, at)
	if run.Job != "products" || run.GeneratedAt != "2026-03-01T06:00:00Z" || run.Checked != 4 || run.Enrichment != 80 || run.Consistency != 90 || run.Summary == "" {
		t.Errorf("run row %+v", run)
	}
}
