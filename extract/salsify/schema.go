package salsify

import (
	"context"
	"slices"

	api "github.com/stewardhq/steward/internal/api/salsify"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/quality"
)

// ReadSchema returns what quality rules may name on this Salsify system: the
// canonical attributes, locales and channels its settings map properties to
// (Salsify's own properties have no locale or channel; the mapping gives
// them), after a read that proves the organization answers.
func ReadSchema(ctx context.Context, s api.Settings, h *httpx.Client) (quality.PIMSchema, error) {
	if err := api.New(h, s.OrgID, api.Options{}).Ping(ctx); err != nil {
		return quality.PIMSchema{}, err
	}
	return SchemaOf(s), nil
}

// SchemaOf is the schema the settings' property map describes.
func SchemaOf(s api.Settings) quality.PIMSchema {
	var out quality.PIMSchema
	add := func(list *[]string, v string) {
		if v != "" && !slices.Contains(*list, v) {
			*list = append(*list, v)
		}
	}
	for _, m := range s.Properties {
		add(&out.Attributes, m.Attribute)
		add(&out.Locales, m.Locale)
		add(&out.Channels, m.Channel)
	}
	if s.PriceProperty != "" {
		add(&out.Attributes, s.PriceAttribute)
	}
	for ch := range s.Channels {
		add(&out.Channels, ch)
	}
	slices.Sort(out.Attributes)
	slices.Sort(out.Locales)
	slices.Sort(out.Channels)
	out.Families, out.ChannelLocales = requirements(s, out)
	return out
}

// requirements are the required properties' attributes (and the price's,
// with price_required), for any product type. A property mapped to a
// channel is required there; one mapped to none on every channel of the
// settings' channels (Salsify's flag knows no channel), or on the channel
// "" when none is named. Each channel is graded in its locales from
// channels, else in the locales of the required properties mapped to it (a
// non-localized one counts in each).
func requirements(s api.Settings, sc quality.PIMSchema) (map[string]quality.FamilySchema, map[string][]string) {
	fam := quality.FamilySchema{Attributes: sc.Attributes, Required: map[string][]string{}}
	locales := map[string][]string{}
	for _, m := range s.Properties {
		if !m.Required {
			continue
		}
		fam.Require(m.Channel, m.Attribute, s.Channels)
		if m.Locale != "" && !slices.Contains(locales[m.Channel], m.Locale) {
			locales[m.Channel] = append(locales[m.Channel], m.Locale)
		}
	}
	if s.PriceProperty != "" && s.PriceRequired {
		fam.Require("", s.PriceAttribute, s.Channels)
	}
	if len(fam.Required) == 0 {
		return nil, nil
	}
	for ch, ls := range s.Channels {
		locales[ch] = ls
	}
	return map[string]quality.FamilySchema{quality.AnyFamily: fam}, locales
}
