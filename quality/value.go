package quality

import (
	"encoding/json"
	"unicode/utf8"

	"github.com/stewardhq/steward/transform"
)

// slot is one (locale, channel) cell a rule looks at; "" means not localized
// or not scoped.
type slot struct{ locale, channel string }

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

// find returns the product's value of the rule's attribute in a slot. A rule
// without locales or channels takes the attribute's value whatever its
// locale and channel.
func (r Rule) find(p *transform.Product, s slot) (transform.Value, bool) {
	return p.Get(r.Attribute, s.locale, s.channel)
}

// text reads a textual value: text, an option code, a date, a media
// reference.
func text(v transform.Value) (string, bool) {
	return v.Text, v.Textual()
}

// empty reports whether a value holds nothing: no content, or a text of only
// Unicode whitespace.
func empty(v transform.Value) bool {
	switch v.Kind {
	case transform.KindNumber, transform.KindMetric:
		return v.Number == ""
	case transform.KindPrices:
		return len(v.Amounts) == 0
	case transform.KindOptions:
		return len(v.Options) == 0
	case transform.KindBoolean:
		return v.Bool == nil
	}
	return blank(v.Text)
}

// MaxValueChars bounds the offending value kept in a violation.
const MaxValueChars = 120

// shown renders a value for a report, truncated.
func shown(v transform.Value) string { return clip(v.String()) }

func clip(s string) string {
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
