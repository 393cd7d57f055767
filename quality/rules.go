// Package quality checks product records against data-quality rules declared
// in YAML, scores them (the headline quality %, and Akeneo-style enrichment and
// consistency grades), proposes mechanical corrections, and renders the
// reports stewards read.
package quality

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/transform"
)

// Severities.
const (
	Error   = "error"
	Warning = "warning"
)

// Axes a rule counts towards, as Akeneo grades them.
const (
	Enrichment  = "enrichment"
	Consistency = "consistency"
)

// Rule types.
const (
	TypeRequired    = "required"
	TypeLength      = "length"
	TypePattern     = "pattern"
	TypeOptions     = "options"
	TypeRange       = "range"
	TypeUnit        = "unit"
	TypeGTIN        = "gtin"
	TypeUnique      = "unique"
	TypeCrossSystem = "cross_system"
	TypeFreshness   = "freshness"
	TypeMedia       = "media"
	// TypeCompleteness checks every attribute the product's family requires
	// on a channel is filled, per channel × locale (completeness.go).
	TypeCompleteness = "completeness"
	// TypeSpelling checks the words of text attributes per locale with the
	// hunspell dictionaries (spelling.go).
	TypeSpelling = "spelling"
)

var ruleTypes = []string{TypeRequired, TypeLength, TypePattern, TypeOptions, TypeRange, TypeUnit, TypeGTIN, TypeUnique, TypeCrossSystem,
	TypeFreshness, TypeMedia, TypeCompleteness, TypeSpelling}

// RuleFile is a rules file.
type RuleFile struct {
	Version int    `yaml:"version"`
	Rules   []Rule `yaml:"rules"`
}

// Rule is one declared check.
type Rule struct {
	ID       string `yaml:"id"`
	Type     string `yaml:"type"`
	Severity string `yaml:"severity"`
	// Axis overrides the default axis (required and media: enrichment; others: consistency).
	Axis      string   `yaml:"axis"`
	Attribute string   `yaml:"attribute"`
	Families  []string `yaml:"families"`
	Channels  []string `yaml:"channels"`
	Locales   []string `yaml:"locales"`
	// length, range
	Min *float64 `yaml:"min"`
	Max *float64 `yaml:"max"`
	// range: the unit min and max are in; a metric value is converted to it
	// (default: its measurement family's standard unit, e.g. KILOGRAM).
	Unit string `yaml:"unit"`
	// pattern: a Go regular expression in which \s and \S mean Unicode
	// whitespace, as the trim fix does.
	Pattern string `yaml:"pattern"`
	// options
	Options []string `yaml:"options"`
	// unit: allowed units, spelling variants to correct, plausible magnitude
	// per family in the first allowed unit (amounts in other units are
	// converted to it first).
	Units     []string              `yaml:"units"`
	Spellings map[string]string     `yaml:"spellings"`
	Magnitude map[string][2]float64 `yaml:"magnitude"`
	// cross_system: the staged data type and field compared, the currency and tolerance.
	Source    string  `yaml:"source"`
	Currency  string  `yaml:"currency"`
	Tolerance float64 `yaml:"tolerance"`
	// freshness
	MaxAge config.Duration `yaml:"max_age"`
	// Fix names a mechanical correction: trim, case (for options), unit.
	Fix string `yaml:"fix"`
	// Autofix applies the correction without waiting for approval.
	Autofix bool `yaml:"autofix"`
	// Message overrides the violation message.
	Message string `yaml:"message"`
	// spelling: the text attributes checked (or Attribute alone), words
	// accepted beside the dictionary's (brand and line names), and the
	// folder of the hunspell dictionaries (default /usr/share/hunspell).
	Attributes   []string `yaml:"attributes"`
	Allow        []string `yaml:"allow"`
	Dictionaries string   `yaml:"dictionaries"`

	re      *regexp.Regexp
	speller *speller
}

// RuleSet is a validated rules file.
type RuleSet struct {
	Path  string
	Rules []Rule
	// completeness is set when a rule is of TypeCompleteness: products are
	// then graded per channel × locale.
	completeness bool
}

// LoadRules reads and validates a rules file, reporting every problem with its
// position, key path and a hint, like a bad config.
func LoadRules(path string) (*RuleSet, error) {
	data, err := config.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read rules: %w", err)
	}
	return ParseRules(path, data)
}

// ParseRules decodes and validates rules bytes named name.
func ParseRules(name string, data []byte) (*RuleSet, error) {
	var f RuleFile
	loc, ps := config.Decode(name, data, &f)
	if loc == nil {
		return nil, ps
	}
	if f.Version != 1 {
		ps = append(ps, loc.Problem("version", fmt.Sprintf("version is %d", f.Version), "write version: 1"))
	}
	seen := map[string]bool{}
	for i := range f.Rules {
		ps = append(ps, checkRule(loc, fmt.Sprintf("rules[%d]", i), &f.Rules[i], seen)...)
	}
	if len(ps) > 0 {
		return nil, ps
	}
	rs := &RuleSet{Path: name, Rules: f.Rules}
	for _, r := range f.Rules {
		rs.completeness = rs.completeness || r.Type == TypeCompleteness
	}
	return rs, nil
}

func checkRule(loc *config.Locator, p string, r *Rule, seen map[string]bool) config.Problems {
	var ps config.Problems
	add := func(key, msg, hint string) { ps = append(ps, loc.Problem(p+key, msg, hint)) }
	switch {
	case r.ID == "":
		add(".id", "id is missing", "a short stable name, e.g. description-required")
	case seen[r.ID]:
		add(".id", fmt.Sprintf("rule id %q is used twice", r.ID), "ids must be unique")
	}
	seen[r.ID] = true
	if !slices.Contains(ruleTypes, r.Type) {
		add(".type", fmt.Sprintf("unknown rule type %q", r.Type), "one of: "+strings.Join(ruleTypes, ", "))
		return ps
	}
	if r.Severity == "" {
		r.Severity = Error
		if r.Type == TypeSpelling {
			r.Severity = Warning
		}
	}
	if r.Severity != Error && r.Severity != Warning {
		add(".severity", fmt.Sprintf("unknown severity %q", r.Severity), "error or warning")
	}
	if r.Axis == "" {
		r.Axis = Consistency
		if r.Type == TypeRequired || r.Type == TypeMedia || r.Type == TypeCompleteness {
			r.Axis = Enrichment
		}
	}
	if r.Axis != Enrichment && r.Axis != Consistency {
		add(".axis", fmt.Sprintf("unknown axis %q", r.Axis), "enrichment or consistency")
	}
	if r.Attribute == "" && r.Type != TypeFreshness && r.Type != TypeCompleteness && r.Type != TypeSpelling {
		add(".attribute", "attribute is missing", "the attribute code the rule checks, e.g. description")
	}
	switch r.Type {
	case TypePattern:
		re, err := regexp.Compile(unicodeSpaces(r.Pattern))
		if err != nil || r.Pattern == "" {
			add(".pattern", fmt.Sprintf("pattern %q does not compile", r.Pattern), "a Go regular expression, e.g. ^\\S(.*\\S)?$")
		}
		r.re = re
	case TypeOptions:
		if len(r.Options) == 0 {
			add(".options", "options is empty", "list the allowed option codes")
		}
	case TypeLength, TypeRange:
		if r.Min == nil && r.Max == nil {
			add(".min", "neither min nor max is given", "give min, max or both")
		}
	case TypeUnit:
		if len(r.Units) == 0 {
			add(".units", "units is empty", "list the allowed unit codes, e.g. [KILOGRAM, GRAM]")
		}
	case TypeCrossSystem:
		if r.Source == "" || r.Currency == "" {
			add(".source", "source and currency are needed", "source: prices, currency: EUR")
		}
	case TypeFreshness:
		if r.MaxAge <= 0 {
			add(".max_age", "max_age is missing", "a duration such as 8760h")
		}
	case TypeSpelling:
		ps = append(ps, checkSpelling(loc, p, r)...)
	}
	if _, ok := transform.UnitOf(r.Unit); r.Unit != "" && (!ok || r.Type != TypeRange) {
		add(".unit", fmt.Sprintf("unit %q is not a unit a range can convert to", r.Unit), "a unit code such as KILOGRAM, GRAM or METER, on a range rule")
	}
	if r.Fix != "" && !slices.Contains([]string{"trim", "case", "unit"}, r.Fix) {
		add(".fix", fmt.Sprintf("unknown fix %q", r.Fix), "trim, case or unit")
	}
	return ps
}

// Sources lists the staged data types cross-system rules compare with.
func (rs *RuleSet) Sources() []string {
	var out []string
	for _, r := range rs.Rules {
		if r.Type == TypeCrossSystem && !slices.Contains(out, r.Source) {
			out = append(out, r.Source)
		}
	}
	return out
}

// applies reports whether the rule's family scope covers family.
func (r Rule) applies(family string) bool {
	return len(r.Families) == 0 || slices.Contains(r.Families, family)
}
