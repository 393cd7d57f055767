package quality

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
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

// Fix is a proposed correction: the value to write into one slot. Value is
// the corrected canonical value (a transform.Value as JSON, with the
// attribute, locale and channel it is written to).
type Fix struct {
	Attribute string          `json:"attribute"`
	Locale    string          `json:"locale,omitempty"`
	Channel   string          `json:"channel,omitempty"`
	Value     json.RawMessage `json:"value"`
	Autofix   bool            `json:"autofix"`
}

// Corrected decodes the fix's corrected value.
func (f Fix) Corrected() (transform.Value, error) {
	var v transform.Value
	err := json.Unmarshal(f.Value, &v)
	return v, err
}

// Context is what a check may consult beyond the product itself.
type Context struct {
	// ERP maps a SKU to its staged ERP price, for cross-system rules.
	ERP map[string]transform.Price
	// Seen counts products per attribute value, for uniqueness rules.
	Seen map[string]map[string]int
	// Now is the time freshness is measured against.
	Now time.Time
	// PIM is what the PIM knows, when read; rules naming an attribute,
	// locale or channel it lacks are reported as warnings in the summary.
	PIM *PIMSchema

	// notEvaluated holds the rules this check cannot evaluate, with why.
	notEvaluated map[string]string
}

// outcome is what one rule says about one slot of one product.
type outcome struct {
	applicable bool
	violation  *Violation
	// slot is the locale and channel looked at ("" for any).
	slot slot
}

// check runs one rule over one product and returns an outcome per slot.
func (r Rule) check(p *transform.Product, c *Context) []outcome {
	if _, skip := c.notEvaluated[r.ID]; skip || !r.applies(p.Family) {
		return nil
	}
	var out []outcome
	for _, s := range r.slots() {
		v, ok := r.find(p, s)
		present := ok && !empty(v)
		msg, fix := r.evaluate(p, v, present, s, c)
		o := outcome{applicable: true, slot: s}
		if msg == "skip" {
			continue
		}
		if msg != "" {
			o.violation = r.violation(p, r.Attribute, s, msg)
			o.violation.Fix = fix
			if present {
				o.violation.Value = shown(v)
			}
		}
		out = append(out, o)
	}
	return out
}

// violation is the rule's violation of attribute in slot s of p; the rule's
// own message, when it has one, replaces msg.
func (r Rule) violation(p *transform.Product, attribute string, s slot, msg string) *Violation {
	if r.Message != "" {
		msg = r.Message
	}
	return &Violation{ProductKey: p.ID, SKU: p.Identifier, Family: p.Family, Rule: r.ID, Severity: r.Severity, Axis: r.Axis,
		Attribute: attribute, Locale: s.locale, Channel: s.channel, Message: msg}
}

// evaluate returns "" when the slot passes, a message when it fails, or
// "skip" when the rule does not apply to it (an optional value that is absent).
func (r Rule) evaluate(p *transform.Product, v transform.Value, present bool, s slot, c *Context) (string, *Fix) {
	switch r.Type {
	case TypeRequired, TypeMedia:
		if !present {
			return fmt.Sprintf("%s is missing%s", r.Attribute, in(s)), nil
		}
		return "", nil
	case TypeFreshness:
		if p.Updated.IsZero() || c.Now.Sub(p.Updated) > r.MaxAge.Std() {
			return fmt.Sprintf("not updated for more than %s", r.MaxAge.Std()), nil
		}
		return "", nil
	case TypeCrossSystem:
		return r.checkCross(p, v, present, c)
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
	}
	return "", nil
}

func in(s slot) string {
	if n := slotName(s); n != "" {
		return " for " + n
	}
	return ""
}

func (r Rule) checkLength(v transform.Value) (string, *Fix) {
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

func (r Rule) checkPattern(v transform.Value, s slot) (string, *Fix) {
	t, ok := text(v)
	if !ok {
		return "value is not text", nil
	}
	re := r.re
	if re == nil {
		var err error
		if re, err = regexp.Compile(unicodeSpaces(r.Pattern)); err != nil {
			return "the rule's pattern does not compile", nil
		}
	}
	if re.MatchString(t) {
		return "", nil
	}
	var fix *Fix
	if r.Fix == "trim" {
		if trimmed := trimSpace(t); trimmed != t && re.MatchString(trimmed) {
			fix = r.fix(s, withText(v, trimmed))
		}
	}
	return fmt.Sprintf("%s does not match %s", r.Attribute, r.Pattern), fix
}

func (r Rule) checkOption(v transform.Value, s slot) (string, *Fix) {
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
			if strings.EqualFold(o, t) {
				fix = r.fix(s, withText(v, o))
			}
		}
	}
	return fmt.Sprintf("option %q of %s does not exist", t, r.Attribute), fix
}

func (r Rule) checkGTIN(v transform.Value) (string, *Fix) {
	t, ok := text(v)
	if !ok || !ValidGTIN(t) {
		return fmt.Sprintf("%q is not a valid GTIN (length or check digit)", shown(v)), nil
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

func (r Rule) checkUnique(v transform.Value, c *Context) (string, *Fix) {
	if n := c.Seen[r.ID][v.String()]; n > 1 {
		return fmt.Sprintf("%s %s is shared by %d products", r.Attribute, shown(v), n), nil
	}
	return "", nil
}

func (r Rule) fix(s slot, v transform.Value) *Fix {
	return &Fix{Attribute: r.Attribute, Locale: s.locale, Channel: s.channel, Value: mustJSON(v), Autofix: r.Autofix}
}

// withText is v with its text replaced, in the same slot and of the same kind.
func withText(v transform.Value, t string) transform.Value {
	v.Text = t
	return v
}
