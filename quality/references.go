package quality

import (
	"fmt"
	"slices"
)

// PIMSchema is what the PIM knows: its attribute codes, locales and channels,
// and what its families require. A nil list or map is not known and not
// checked.
type PIMSchema struct {
	Attributes, Locales, Channels []string
	// Families are the families' attributes and requirements by family code
	// (Akeneo families, a Pimcore class, Salsify product types). The family
	// AnyFamily holds what every product requires whatever its family (a
	// Pimcore class's mandatory fields, Salsify's required properties).
	Families map[string]FamilySchema
	// ChannelLocales are each channel's locales; the channel "" is that of
	// a PIM without channels.
	ChannelLocales map[string][]string
}

// UnknownReference is a rule naming something the PIM does not have.
type UnknownReference struct {
	Rule string `json:"rule"`
	// Kind is attribute, locale or channel.
	Kind string `json:"kind"`
	Ref  string `json:"ref"`
}

// String names the rule and the unknown reference, for a warning.
func (u UnknownReference) String() string {
	return fmt.Sprintf("rule %s: %s %q does not exist in the PIM", u.Rule, u.Kind, u.Ref)
}

// UnknownReferences lists, rule by rule, the attributes, locales and channels
// the rules name that the PIM does not have. A rule naming one never finds a
// value, so it would count every product as missing it, or pass silently.
func UnknownReferences(rules []Rule, pim PIMSchema) []UnknownReference {
	var out []UnknownReference
	check := func(rule, kind string, known, refs []string) {
		if known == nil {
			return
		}
		for _, ref := range refs {
			if ref != "" && !slices.Contains(known, ref) {
				out = append(out, UnknownReference{Rule: rule, Kind: kind, Ref: ref})
			}
		}
	}
	for _, r := range rules {
		check(r.ID, "attribute", pim.Attributes, append([]string{r.Attribute}, r.Attributes...))
		check(r.ID, "locale", pim.Locales, r.Locales)
		check(r.ID, "channel", pim.Channels, r.Channels)
	}
	return out
}
