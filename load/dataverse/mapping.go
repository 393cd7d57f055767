package dataverse

import (
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"slices"
	"strings"

	"github.com/stewardhq/steward/transform"
)

// ownerColumn is the read-only lookup value column of the owner; writes bind
// the navigation property instead.
const ownerColumn = "_ownerid_value"

// cell is one native column a write sets: the column as read back, the
// property the body sets, and the JSON value.
type cell struct {
	column, property string
	value            any
}

// native maps one canonical field of an item to the cell it writes.
func (l *Loader) native(field string, raw json.RawMessage) (cell, error) {
	col, ok := l.table.Column(field)
	if !ok || !l.writable(field) {
		return cell{}, fmt.Errorf("field %s has no writable column in Dataverse table %s (writable: %s)", field, l.table.EntitySet, strings.Join(l.writableFields(), ", "))
	}
	c := cell{column: col, property: col}
	var err error
	switch {
	case col == ownerColumn:
		var id string
		if err = json.Unmarshal(raw, &id); err == nil {
			c.property, c.value = "ownerid@odata.bind", "/systemusers("+id+")"
		}
	case field == "score":
		c.value, err = score(raw)
	case field == "reasons":
		var rs []string
		if err = json.Unmarshal(raw, &rs); err == nil {
			c.value = strings.Join(rs, "; ")
		}
	case field == "price" && l.dataType == "products":
		c.value, err = l.price(raw)
	case l.dataType == "products":
		c.value, err = text(raw)
	default:
		var s string
		err = json.Unmarshal(raw, &s)
		c.value = s
	}
	if err != nil {
		return cell{}, fmt.Errorf("field %s: %w", field, err)
	}
	return c, nil
}

// writable says whether a data type's loader writes field.
func (l *Loader) writable(field string) bool {
	switch l.dataType {
	case "lead_scores":
		return slices.Contains([]string{"score", "model", "reasons"}, field)
	case "products":
		return slices.Contains([]string{"name", "description", "price"}, field)
	}
	return field != "external_id" && field != "id" && field != "changed"
}

func (l *Loader) writableFields() []string {
	var out []string
	for _, f := range sortedKeys(l.table.Fields) {
		if l.writable(f) {
			out = append(out, f)
		}
	}
	return out
}

// scoreProblem is why a lead score's fields cannot be written, or "": the
// scoring model/version and the reasons are written with every score.
func scoreProblem(fields map[string]json.RawMessage) string {
	if fields["score"] == nil {
		return ""
	}
	var model string
	if json.Unmarshal(fields["model"], &model) != nil || strings.TrimSpace(model) == "" {
		return "score without model: the scoring model and version are always written with the score"
	}
	var rs []string
	if json.Unmarshal(fields["reasons"], &rs) != nil || !slices.ContainsFunc(rs, func(r string) bool { return strings.TrimSpace(r) != "" }) {
		return "score without reasons: the reasons are always written with the score"
	}
	return ""
}

// score reads a decimal string from 0 to 100 into a JSON number.
func score(raw json.RawMessage) (json.Number, error) {
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", fmt.Errorf("want a decimal string: %w", err)
	}
	r, ok := new(big.Rat).SetString(s)
	if !ok || !decimalRE.MatchString(s) || r.Sign() < 0 || r.Cmp(big.NewRat(100, 1)) > 0 {
		return "", fmt.Errorf("score %q is not a decimal from 0 to 100", s)
	}
	scale := 0
	if _, frac, ok := strings.Cut(s, "."); ok {
		scale = len(frac)
	}
	// The rational's own text: a valid JSON number ("041" is not), scale kept.
	return json.Number(r.FloatString(scale)), nil
}

// decimalRE is a plain decimal: digits, optionally a fraction.
var decimalRE = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`)

// text reads a product field: a list of canonical values, of which the
// en_US (or unlocalized) text without channel is taken.
func text(raw json.RawMessage) (string, error) {
	var vs []transform.Value
	if err := json.Unmarshal(raw, &vs); err != nil {
		return "", fmt.Errorf("not a list of canonical values: %w", err)
	}
	for _, v := range vs {
		if v.Channel == "" && (v.Locale == "en_US" || v.Locale == "") {
			return v.Text, nil
		}
	}
	return "", fmt.Errorf("no en_US value without channel")
}

// price reads a price (a transform.PriceValue, or a prices value list) in
// the configured currency into a JSON number with its scale kept.
func (l *Loader) price(raw json.RawMessage) (json.Number, error) {
	cur := l.settings.PriceCurrency
	var pv transform.PriceValue
	if json.Unmarshal(raw, &pv) != nil || pv.Currency == "" {
		var vs []transform.Value
		if err := json.Unmarshal(raw, &vs); err != nil {
			return "", fmt.Errorf("want a price or a prices value: %w", err)
		}
		pv = transform.PriceValue{}
		for _, v := range vs {
			for _, a := range v.Amounts {
				if a.Currency == cur && v.Channel == "" {
					pv = a
				}
			}
		}
	}
	if pv.Currency != cur {
		return "", fmt.Errorf("no amount in %s, the currency of the price column", cur)
	}
	amount, err := transform.FormatAmount(pv.Amount, cur)
	return json.Number(amount), err
}
