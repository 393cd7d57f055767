package quality

import (
	"maps"
	"slices"
	"sort"

	"github.com/stewardhq/steward/transform"
)

// AnyFamily is the PIMSchema.Families key of what every product requires
// whatever its family.
const AnyFamily = "*"

// FamilySchema is one family's attributes and what it requires per channel.
type FamilySchema struct {
	// Attributes are every attribute of the family, required or not.
	Attributes []string
	// Required are the attributes a product of the family must fill, by
	// channel (Akeneo's attribute_requirements); the channel "" is that of a
	// PIM without channels.
	Required map[string][]string
}

// Require adds attribute to what the family requires on channel, once. A
// PIM whose flag knows no channel (channel "") requires it on every channel
// of channels, or on the channel "" when channels names none.
func (f *FamilySchema) Require(channel, attribute string, channels map[string][]string) {
	chans := []string{channel}
	if channel == "" && len(channels) > 0 {
		chans = slices.Sorted(maps.Keys(channels))
	}
	for _, ch := range chans {
		if !slices.Contains(f.Required[ch], attribute) {
			f.Required[ch] = append(f.Required[ch], attribute)
		}
	}
}

// familyOf is what a product of family must and may fill: the family's own
// schema merged with AnyFamily's; ok is false when neither is known.
func (pim *PIMSchema) familyOf(family string) (FamilySchema, bool) {
	if pim == nil {
		return FamilySchema{}, false
	}
	own, ok1 := pim.Families[family]
	all, ok2 := pim.Families[AnyFamily]
	if !ok1 && !ok2 {
		return FamilySchema{}, false
	}
	out := FamilySchema{Attributes: union(own.Attributes, all.Attributes), Required: map[string][]string{}}
	for _, req := range []map[string][]string{own.Required, all.Required} {
		for ch, attrs := range req {
			out.Required[ch] = union(out.Required[ch], attrs)
		}
	}
	return out, true
}

// HasRequirements reports whether the schema says what any family requires.
func (pim *PIMSchema) HasRequirements() bool {
	if pim == nil {
		return false
	}
	for _, f := range pim.Families {
		if len(f.Required) > 0 {
			return true
		}
	}
	return false
}

// cellsOf lists the channel × locale cells a product of fam is graded in:
// each channel the family requires something on, in each of its locales
// (the PIM's locales, or one unlocalized cell, where the channel lists none),
// sorted by channel and locale.
func (pim *PIMSchema) cellsOf(fam FamilySchema) []slot {
	channels := make([]string, 0, len(fam.Required))
	for ch := range fam.Required {
		channels = append(channels, ch)
	}
	sort.Strings(channels)
	var out []slot
	for _, ch := range channels {
		locales, ok := pim.ChannelLocales[ch]
		if !ok {
			locales = pim.Locales
		}
		if len(locales) == 0 {
			locales = []string{""}
		}
		for _, loc := range slices.Sorted(slices.Values(locales)) {
			out = append(out, slot{locale: loc, channel: ch})
		}
	}
	return out
}

// filledIn reports whether p holds a non-empty value of attribute that
// counts in the cell: a value of the cell's locale and channel, or one that
// is not localizable (no locale) or not scopable (no channel), which counts
// for every locale or channel.
func filledIn(p *transform.Product, attribute string, s slot) bool {
	for _, v := range p.Values {
		if v.Attribute == attribute && (v.Locale == "" || v.Locale == s.locale) && (v.Channel == "" || v.Channel == s.channel) && !empty(v) {
			return true
		}
	}
	return false
}

// inCell reports whether a rule's slot is looked at in cell: a slot without
// locale or channel counts in every locale or channel.
func inCell(s, cell slot) bool {
	return (s.locale == "" || s.locale == cell.locale) && (s.channel == "" || s.channel == cell.channel)
}

func union(a, b []string) []string {
	out := slices.Clone(a)
	for _, x := range b {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}
