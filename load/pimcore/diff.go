package pimcore

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	api "github.com/stewardhq/steward/internal/api/pimcore"
	"github.com/stewardhq/steward/transform"
)

// planned is one mutation with the values it must leave behind: Pimcore
// answers success for some saves that keep another value than sent (an
// unknown unit abbreviation becomes null), so each written field is read
// back and compared.
type planned struct {
	api.Update
	checks []check
}

// check is one written field: the alias it reads back under and the value.
type check struct {
	alias, kind string
	want        transform.Value
}

// updates returns the mutations that make cur carry fields: one per
// language with localized fields to change, one without a language for the
// others; none when cur already holds every value.
func (l *Loader) updates(cur object, fields map[string]json.RawMessage) ([]planned, error) {
	buckets := map[string][]api.InputField{}
	checks := map[string][]check{}
	names := make([]string, 0, len(fields))
	for n := range fields {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		if name == api.PriceAttribute {
			in, c, changed, err := l.price(cur, fields[name])
			if err != nil {
				return nil, err
			}
			if changed {
				buckets[""], checks[""] = append(buckets[""], in), append(checks[""], c)
			}
			continue
		}
		var vs []transform.Value
		if err := json.Unmarshal(fields[name], &vs); err != nil {
			return nil, fmt.Errorf("field %s: not a list of canonical values: %v", name, err)
		}
		for _, v := range vs {
			lang, in, c, changed, err := l.value(cur, name, v)
			if err != nil {
				return nil, fmt.Errorf("field %s: %w", name, err)
			}
			if changed {
				buckets[lang], checks[lang] = append(buckets[lang], in), append(checks[lang], c)
			}
		}
	}
	langs := make([]string, 0, len(buckets))
	for lang := range buckets {
		langs = append(langs, lang)
	}
	sort.Strings(langs)
	out := make([]planned, 0, len(langs))
	for _, lang := range langs {
		out = append(out, planned{Update: api.Update{ID: cur.id, Language: lang, Input: buckets[lang]}, checks: checks[lang]})
	}
	return out, nil
}

// price compares the price field with a transform.PriceValue. An amount
// with more decimals than the currency's is refused before writing: the
// numeric field holds the currency's precision and Pimcore would round it
// without an error.
func (l *Loader) price(cur object, raw json.RawMessage) (api.InputField, check, bool, error) {
	var pv transform.PriceValue
	if err := json.Unmarshal(raw, &pv); err != nil {
		return api.InputField{}, check{}, false, fmt.Errorf("field price: %v", err)
	}
	switch {
	case l.s.PriceField == "":
		return api.InputField{}, check{}, false, fmt.Errorf("field price: the system has no price_field")
	case pv.Currency != l.s.Currency:
		return api.InputField{}, check{}, false, fmt.Errorf("field price: amount in %s, but %s holds %s", pv.Currency, l.s.PriceField, l.s.Currency)
	}
	amount, err := transform.FormatAmount(pv.Amount, pv.Currency)
	if err != nil {
		return api.InputField{}, check{}, false, fmt.Errorf("field price: %w", err)
	}
	if places, _ := transform.Decimals(pv.Currency); decimals(amount) > places {
		return api.InputField{}, check{}, false, fmt.Errorf("field price: amount %s has more than the %d decimals of %s; Pimcore's numeric field would round it", pv.Amount, places, pv.Currency)
	}
	c := check{alias: l.s.PriceField, kind: api.KindNumber, want: transform.Value{Number: amount}}
	if have := cur.node[l.s.PriceField]; transform.SameAmount(string(have), amount) {
		return api.InputField{}, c, false, nil
	}
	lit, err := api.NumberLiteral(amount)
	return api.InputField{Name: l.s.PriceField, Literal: lit, Read: l.s.FieldSelection(l.s.PriceField, "")}, c, true, err
}

// decimals counts the digits after a decimal text's point.
func decimals(text string) int {
	if i := strings.IndexByte(text, '.'); i >= 0 {
		return len(text) - i - 1
	}
	return 0
}

// value finds the Pimcore field and language of one canonical value and
// compares it with what cur holds there.
func (l *Loader) value(cur object, attr string, v transform.Value) (string, api.InputField, check, bool, error) {
	fn, fd, ok := l.fieldOf(attr, v.Channel)
	if !ok {
		return "", api.InputField{}, check{}, false, fmt.Errorf("attribute %s (channel %q) has no Pimcore field in the system's settings.fields", attr, v.Channel)
	}
	if string(v.Kind) != fd.Kind {
		return "", api.InputField{}, check{}, false, fmt.Errorf("value of kind %s for field %s of kind %s", v.Kind, fn, fd.Kind)
	}
	lang, alias := "", fn
	if fd.Localized {
		if lang = l.language(v.Locale); lang == "" {
			return "", api.InputField{}, check{}, false, fmt.Errorf("locale %q has no language in the system's settings.languages", v.Locale)
		}
		alias = api.Alias(fn, lang)
	} else if v.Locale != "" {
		return "", api.InputField{}, check{}, false, fmt.Errorf("field %s is not localized, but the value has locale %s", fn, v.Locale)
	}
	have, ok := cur.node[alias]
	if !ok {
		return "", api.InputField{}, check{}, false, fmt.Errorf("the current object lacks %s", alias)
	}
	c := check{alias: alias, kind: fd.Kind, want: v}
	if same(fd.Kind, have, v) {
		return lang, api.InputField{}, c, false, nil
	}
	lit, err := literal(fd.Kind, v)
	return lang, api.InputField{Name: fn, Literal: lit, Read: l.s.FieldSelection(fn, lang)}, c, true, err
}

func (l *Loader) fieldOf(attr, channel string) (string, api.Field, bool) {
	for _, fn := range l.s.SortedFields() {
		if fd := l.s.Fields[fn]; fd.Attribute == attr && fd.Channel == channel {
			return fn, fd, true
		}
	}
	return "", api.Field{}, false
}

func (l *Loader) language(locale string) string {
	for _, lang := range l.s.SortedLanguages() {
		if l.s.Languages[lang] == locale && locale != "" {
			return lang
		}
	}
	return ""
}

// same reports whether the current raw value equals v.
func same(kind string, have json.RawMessage, v transform.Value) bool {
	switch kind {
	case api.KindText, api.KindOption:
		var s string
		_ = json.Unmarshal(have, &s)
		return s == v.Text
	case api.KindNumber:
		return transform.SameAmount(string(have), v.Number)
	case api.KindMetric:
		var q struct {
			Value json.RawMessage `json:"value"`
			Unit  *struct {
				Abbreviation string `json:"abbreviation"`
			} `json:"unit"`
		}
		if json.Unmarshal(have, &q) != nil || q.Unit == nil {
			return false
		}
		return transform.SameAmount(string(q.Value), v.Number) && q.Unit.Abbreviation == v.Unit
	case api.KindOptions:
		var ss []string
		_ = json.Unmarshal(have, &ss)
		return slices.Equal(ss, v.Options)
	case api.KindBoolean:
		var b *bool
		_ = json.Unmarshal(have, &b)
		return b != nil && v.Bool != nil && *b == *v.Bool
	}
	return false
}

// literal writes v as the GraphQL input literal of a field of kind.
func literal(kind string, v transform.Value) (string, error) {
	switch kind {
	case api.KindText, api.KindOption:
		return api.StringLiteral(v.Text), nil
	case api.KindNumber:
		return api.NumberLiteral(v.Number)
	case api.KindMetric:
		return api.QuantityLiteral(v.Number, v.Unit)
	case api.KindOptions:
		return api.ListLiteral(v.Options), nil
	case api.KindBoolean:
		if v.Bool == nil {
			return "", fmt.Errorf("boolean value without bool")
		}
		return api.BoolLiteral(*v.Bool), nil
	}
	return "", fmt.Errorf("kind %q cannot be written", kind)
}
