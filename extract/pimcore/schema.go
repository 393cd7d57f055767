package pimcore

import (
	"context"
	"fmt"
	"slices"

	api "github.com/stewardhq/steward/internal/api/pimcore"
	"github.com/stewardhq/steward/quality"
)

// ReadSchema checks that the Datahub exposes every configured field (one
// listing read with all of them) and returns the canonical attributes,
// locales and channels the settings map them to, for checking that rules
// name only those. Pimcore has no channels: they come from the field map.
func ReadSchema(ctx context.Context, c *api.Client) (quality.PIMSchema, error) {
	if err := c.Ping(ctx); err != nil {
		return quality.PIMSchema{}, fmt.Errorf("read the PIM schema: %w", err)
	}
	return SchemaOf(c.Settings()), nil
}

// SchemaOf is the canonical schema the settings describe.
func SchemaOf(s api.Settings) quality.PIMSchema {
	var sc quality.PIMSchema
	add := func(list *[]string, v string) {
		if v != "" && !slices.Contains(*list, v) {
			*list = append(*list, v)
		}
	}
	if s.PriceField != "" {
		add(&sc.Attributes, api.PriceAttribute)
	}
	for _, fn := range s.SortedFields() {
		add(&sc.Attributes, s.Fields[fn].Attribute)
		add(&sc.Channels, s.Fields[fn].Channel)
	}
	for _, l := range s.SortedLanguages() {
		add(&sc.Locales, s.Languages[l])
	}
	for ch := range s.Channels {
		add(&sc.Channels, ch)
	}
	slices.Sort(sc.Attributes)
	slices.Sort(sc.Locales)
	slices.Sort(sc.Channels)
	sc.Families, sc.ChannelLocales = requirements(s, sc)
	return sc
}

// requirements are the class's mandatory fields (those mapped with
// required, and the price field with price_required): one class for every
// product, so they hold for any family. A field mapped to a channel is
// required there; one mapped to none on every channel of the settings'
// channels (Pimcore's flag knows no channel), or on the channel "" when
// none is named. Each channel is graded in its locales from channels, else
// in every language read.
func requirements(s api.Settings, sc quality.PIMSchema) (map[string]quality.FamilySchema, map[string][]string) {
	fam := quality.FamilySchema{Attributes: sc.Attributes, Required: map[string][]string{}}
	for _, fn := range s.SortedFields() {
		if f := s.Fields[fn]; f.Required {
			fam.Require(f.Channel, f.Attribute, s.Channels)
		}
	}
	if s.PriceField != "" && s.PriceRequired {
		fam.Require("", api.PriceAttribute, s.Channels)
	}
	if len(fam.Required) == 0 {
		return nil, nil
	}
	locales := map[string][]string{}
	for ch := range fam.Required {
		locales[ch] = sc.Locales
		if ls, ok := s.Channels[ch]; ok {
			locales[ch] = ls
		}
	}
	return map[string]quality.FamilySchema{quality.AnyFamily: fam}, locales
}
