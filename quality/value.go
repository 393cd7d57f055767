package quality

import (
	"encoding/json"
	"unicode/utf8"
)

// value is one Akeneo-style attribute value.
type value struct {
	Locale *string         `json:"locale"`
	Scope  *string         `json:"scope"`
	Data   json.RawMessage `json:"data"`
}

// slot is one (locale, channel) cell a rule looks at; "" means not localized
// or not scoped.
type slot struct{ locale, channel string }

func (s slot) matches(v value) bool {
	return deref(v.Locale) == s.locale && deref(v.Scope) == s.channel
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// slots lists the cells of a rule: locales × channels.
func (r Rule) slots() []slot {
	locales, channels := r.Locales, r.Channels
	if len(locales) == 0 {
		locales = []string{""}
	}
	if len(channels) == 0 {
		channels = []string{""}
	}
	out := make([]slot, 0, len(locales)*len(channels))
	for _, c := range channels {
		for _, l := range locales {
			out = append(out, slot{l, c})
		}
	}
	return out
}

// values decodes an attribute's values; a malformed list is no values.
func values(raw json.RawMessage) []value {
	var vs []value
	_ = json.Unmarshal(raw, &vs)
	return vs
}

// find returns the value of a slot. A rule without locales or channels takes
// the attribute's value whatever its locale and scope.
func find(vs []value, s slot, r Rule) (value, bool) {
	for _, v := range vs {
		if (len(r.Locales) == 0 || deref(v.Locale) == s.locale) && (len(r.Channels) == 0 || deref(v.Scope) == s.channel) {
			return v, true
		}
	}
	return value{}, false
}

// text reads a string value.
func text(v value) (string, bool) {
	var s string
	err := json.Unmarshal(v.Data, &s)
	return s, err == nil
}

// empty reports whether a value holds nothing: no data, or a text of only
// Unicode whitespace.
func empty(v value) bool {
	switch string(v.Data) {
	case "", "null", `""`, "[]", "{}":
		return true
	}
	if s, ok := text(v); ok {
		return blank(s)
	}
	return false
}

// MaxValueChars bounds the offending value kept in a violation.
const MaxValueChars = 120

// shown renders a value for a report, truncated.
func shown(raw json.RawMessage) string {
	s := string(raw)
	var str string
	if json.Unmarshal(raw, &str) == nil {
		s = str
	}
	if utf8.RuneCountInString(s) <= MaxValueChars {
		return s
	}
	r := []rune(s)
	return string(r[:MaxValueChars]) + "…"
}

func slotName(s slot) string {
	switch {
	case s.channel != "" && s.locale != "":
		return s.channel + "/" + s.locale
	case s.channel != "":
		return s.channel
	case s.locale != "":
		return s.locale
	}
	return ""
}

func mustJSON(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		return json.RawMessage(`null`)
	}
	return b
}
