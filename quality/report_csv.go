package quality

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"

	"github.com/stewardhq/steward/internal/store"
)

// writeCSV writes one row per violation. Cells that a spreadsheet would read
// as a formula are prefixed with a quote.
func writeCSV(ctx context.Context, w interface{ Write([]byte) (int, error) }, st Violations, runID int64) error {
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"run_id", "product_key", "sku", "family", "rule", "severity", "axis", "attribute", "locale", "channel", "value", "message", "suggested_fix"})
	err := st.EachViolation(ctx, runID, func(v store.ViolationRow) error {
		fix := ""
		if v.Fix != "" {
			fix = fixText(v.Fix)
		}
		row := []string{itoa(v.RunID), v.ProductKey, v.SKU, v.Family, v.Rule, v.Severity, v.Axis, v.Attribute, v.Locale, v.Channel, v.Value, v.Message, fix}
		for i := range row {
			row[i] = SafeCell(row[i])
		}
		return cw.Write(row)
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// fixText renders a stored fix's corrected value. A fix stored before
// values were canonical holds the value's data instead, shown as written.
func fixText(stored string) string {
	var f Fix
	if json.Unmarshal([]byte(stored), &f) != nil {
		return ""
	}
	if v, err := f.Corrected(); err == nil && v.Kind != "" {
		return shown(v)
	}
	var s string
	if json.Unmarshal(f.Value, &s) == nil {
		return clip(s)
	}
	return clip(string(f.Value))
}

// SafeCell neutralises a cell that starts like a spreadsheet formula.
func SafeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
