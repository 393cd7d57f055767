package quality

import (
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/stewardhq/steward/transform"
)

// Violation is one rule a product breaks in one slot.
type Violation struct {
	ProductKey string `json:"product_key"`
	SKU        string `json:"sku"`
	Family     string `json:"family"`
	Rule       string `json:"rule"`
	Severity   string `json:"severity"`
	Axis       string `json:"axis"`
	Attribute  string `json:"attribute"`
	Locale     string `json:"locale,omitempty"`
	Channel    string `json:"channel,omitempty"`
	// Value is the offending value, truncated to MaxValueChars.
	Value   string `json:"value,omitempty"`
	Message string `json:"message"`
	// Fix is the mechanical correction, when one is certain.
	Fix *Fix `json:"fix,omitempty"`
}

// Fix is a proposed correction: the value to write into one slot.
type Fix struct {
	Attribute string          `json:"attribute"`
	Locale    string          `json:"locale,omitempty"`
	Channel   string          `json:"channel,omitempty"`
	Value     json.RawMessage `json:"value"`
	Autofix   bool            `json:"autofix"`
}

// Context is what a check may consult beyond the product itself.
type Context struct {
	// ERP maps a SKU to its staged ERP price, for cross-system rules.
	ERP map[string]transform.Price
	// Seen counts products per attribute value, for uniqueness rules.
	Seen map[string]map[string]int
	// Now is the time freshness is measured against.
	Now time.Time
}

// outcome is what one rule says about one slot of one product.
type outcome struct {
	applicable bool
	violation  *Violation
}

// check runs one rule over one product and returns an outcome per slot.
func (r Rule) check(p transform.Product, c *Context) []outcome {
	if !r.applies(p.Family) {
		return nil
	}
	vs := values(p.Values[r.Attribute])
	var out []outcome
	for _, s := range r.slots() {
		v, ok := find(vs, s, r)
		msg, fix := r.evaluate(p, v, ok && !empty(v), s, c)
		o := outcome{applicable: true}
		if msg == "skip" {
			continue
		}
		if msg != "" {
			if r.Message != "" {
				msg = r.Message
			}
			o.violation = &Violation{ProductKey: p.UUID, SKU: p.SKU, Family: p.Family, Rule: r.ID, Severity: r.Severity, Axis: r.Axis,
				Attribute: r.Attribute, Locale: s.locale, Channel: s.channel, Message: msg, Fix: fix}
			if ok {
				o.violation.Value = shown(v.Data)
			}
		}
		out = append(out, o)
	}
	return out
}

// evaluate returns "" when the slot passes, a message when it fails, or
// "skip" when the rule does not apply to it (an optional value that is absent).
func (r Rule) evaluate(p transform.Product, v value, present bool, s slot, c *Context) (string, *Fix) {
	switch r.Type {
	case TypeRequired, TypeMedia:
		if !present {
			return fmt.Sprintf("%s is missing%s", r.Attribute, in(s)), nil
		}
		return "", nil
	case TypeFreshness:
		u, err := time.Parse(time.RFC3339, p.Updated)
		if err != nil || c.Now.Sub(u) > r.MaxAge.Std() {
			return fmt.Sprintf("not updated for more than %s", r.MaxAge.Std()), nil
		}
		return "", nil
	}
	if !present {
		return "skip", nil
	}
	switch r.Type {
	case TypeLength:
		return r.checkLength(v)
	case TypePattern:
		return r.checkPattern(v, s)
	case TypeOptions:
		return r.checkOption(v, s)
	case TypeRange:
		return r.checkRange(v)
	case TypeUnit:
		return r.checkUnit(p, v, s)
	case TypeGTIN:
		return r.checkGTIN(v)
	case TypeUnique:
		return r.checkUnique(v, c)
	case TypeCrossSystem:
		return r.checkCross(p, v, c)
	}
	return "", nil
}

func in(s slot) string {
	if n := slotName(s); n != "" {
		return " for " + n
	}
	return ""
}

func (r Rule) checkLength(v value) (string, *Fix) {
	t, ok := text(v)
	if !ok {
		return "value is not text", nil
	}
	n := float64(len([]rune(t)))
	if r.Min != nil && n < *r.Min {
		return fmt.Sprintf("%s has %.0f characters, fewer than %.0f", r.Attribute, n, *r.Min), nil
	}
	if r.Max != nil && n > *r.Max {
		return fmt.Sprintf("%s has %.0f characters, more than %.0f", r.Attribute, n, *r.Max), nil
	}
	return "", nil
}

func (r Rule) checkPattern(v value, s slot) (string, *Fix) {
	t, ok := text(v)
	if !ok {
		return "value is not text", nil
	}
	re := r.re
	if re == nil {
		var err error
		if re, err = regexp.Compile(r.Pattern); err != nil {
			return "the rule's pattern does not compile", nil
		}
	}
	if re.MatchString(t) {
		return "", nil
	}
	var fix *Fix
	if r.Fix == "trim" {
		if trimmed := strings.Join(strings.Fields(t), " "); trimmed != t && re.MatchString(trimmed) {
			fix = r.fix(s, mustJSON(trimmed))
		}
	}
	return fmt.Sprintf("%s does not match %s", r.Attribute, r.Pattern), fix
}

func (r Rule) checkOption(v value, s slot) (string, *Fix) {
	t, ok := text(v)
	if !ok {
		return "value is not an option code", nil
	}
	if slices.Contains(r.Options, t) {
		return "", nil
	}
	var fix *Fix
	if r.Fix == "case" {
		for _, o := range r.Options {
			if strings.EqualFold(o, strings.TrimSpace(t)) {
				fix = r.fix(s, mustJSON(o))
			}
		}
	}
	return fmt.Sprintf("option %q of %s does not exist", t, r.Attribute), fix
}

// number reads a number from a plain value or a metric's amount.
func number(raw json.RawMessage) (float64, bool) {
	var m struct {
		Amount json.RawMessage `json:"amount"`
	}
	if json.Unmarshal(raw, &m) == nil && m.Amount != nil {
		raw = m.Amount
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		f, err := strconv.ParseFloat(s, 64)
		return f, err == nil
	}
	var f float64
	return f, json.Unmarshal(raw, &f) == nil
}

func (r Rule) checkRange(v value) (string, *Fix) {
	f, ok := number(v.Data)
	if !ok {
		return "value is not a number", nil
	}
	if (r.Min != nil && f < *r.Min) || (r.Max != nil && f > *r.Max) {
		return fmt.Sprintf("%s is %g, outside %s", r.Attribute, f, bounds(r.Min, r.Max)), nil
	}
	return "", nil
}

func bounds(lo, hi *float64) string {
	switch {
	case lo != nil && hi != nil:
		return fmt.Sprintf("[%g, %g]", *lo, *hi)
	case lo != nil:
		return fmt.Sprintf("[%g, ∞)", *lo)
	}
	return fmt.Sprintf("(−∞, %g]", *hi)
}

func (r Rule) checkUnit(p transform.Product, v value, s slot) (string, *Fix) {
	var m struct {
		Amount json.RawMessage `json:"amount"`
		Unit   string          `json:"unit"`
	}
	if json.Unmarshal(v.Data, &m) != nil || m.Amount == nil {
		return "value is not a metric", nil
	}
	if !slices.Contains(r.Units, m.Unit) {
		if right, ok := r.Spellings[m.Unit]; ok && r.Fix == "unit" {
			fixed := map[string]json.RawMessage{"amount": m.Amount, "unit": mustJSON(right)}
			return fmt.Sprintf("unit %q is not allowed; %q is its spelling", m.Unit, right), r.fix(s, mustJSON(fixed))
		}
		return fmt.Sprintf("unit %q is not one of %s", m.Unit, strings.Join(r.Units, ", ")), nil
	}
	if band, ok := r.Magnitude[p.Family]; ok && m.Unit == r.Units[0] {
		if f, ok := number(m.Amount); ok && (f < band[0] || f > band[1]) {
			return fmt.Sprintf("%g %s is implausible for family %s (expected %g–%g)", f, m.Unit, p.Family, band[0], band[1]), nil
		}
	}
	return "", nil
}

func (r Rule) checkGTIN(v value) (string, *Fix) {
	t, ok := text(v)
	if !ok || !ValidGTIN(t) {
		return fmt.Sprintf("%q is not a valid GTIN (length or check digit)", shown(v.Data)), nil
	}
	return "", nil
}

// ValidGTIN checks length (8, 12, 13 or 14 digits) and the GS1 check digit.
func ValidGTIN(s string) bool {
	if l := len(s); l != 8 && l != 12 && l != 13 && l != 14 {
		return false
	}
	sum := 0
	for i := len(s) - 2; i >= 0; i-- {
		d := int(s[i] - '0')
		if d < 0 || d > 9 {
			return false
		}
		if (len(s)-2-i)%2 == 0 {
			d *= 3
		}
		sum += d
	}
	last := int(s[len(s)-1] - '0')
	return last >= 0 && last <= 9 && (10-sum%10)%10 == last
}

func (r Rule) checkUnique(v value, c *Context) (string, *Fix) {
	if n := c.Seen[r.ID][string(v.Data)]; n > 1 {
		return fmt.Sprintf("%s %s is shared by %d products", r.Attribute, shown(v.Data), n), nil
	}
	return "", nil
}

func (r Rule) checkCross(p transform.Product, v value, c *Context) (string, *Fix) {
	erp, ok := c.ERP[p.SKU]
	if !ok || erp.Currency != r.Currency {
		return "skip", nil
	}
	var prices []struct {
		Amount   json.RawMessage `json:"amount"`
		Currency string          `json:"currency"`
	}
	if json.Unmarshal(v.Data, &prices) != nil {
		return "value is not a price collection", nil
	}
	want, err := strconv.ParseFloat(erp.Amount, 64)
	if err != nil {
		return "skip", nil
	}
	for _, pr := range prices {
		if pr.Currency != r.Currency {
			continue
		}
		got, ok := number(pr.Amount)
		if ok && math.Abs(got-want) <= r.Tolerance {
			return "", nil
		}
		return fmt.Sprintf("PIM price %s %s differs from the ERP price %s %s", shown(pr.Amount), r.Currency, erp.Amount, r.Currency), nil
	}
	return fmt.Sprintf("no %s price in the PIM; the ERP has %s", r.Currency, erp.Amount), nil
}

func (r Rule) fix(s slot, v json.RawMessage) *Fix {
	return &Fix{Attribute: r.Attribute, Locale: s.locale, Channel: s.channel, Value: v, Autofix: r.Autofix}
}
