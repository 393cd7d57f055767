package akeneo

import (
	"context"
	"fmt"

	api "github.com/stewardhq/steward/internal/api/akeneo"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/quality"
)

// ReadSchema reads what the Akeneo PIM behind c knows: its attribute codes,
// enabled locales, channels with their locales, and families with their
// attributes and attribute requirements per channel, for checking that rules
// name only those and for completeness. It fails when any cannot be read in
// full.
func ReadSchema(ctx context.Context, c *httpx.Client) (quality.PIMSchema, error) {
	pim := api.New(c)
	attrs, err := pim.AttributeCodes(ctx)
	if err != nil {
		return quality.PIMSchema{}, fmt.Errorf("read the PIM schema: %w", err)
	}
	locales, err := pim.LocaleCodes(ctx)
	if err != nil {
		return quality.PIMSchema{}, fmt.Errorf("read the PIM schema: %w", err)
	}
	channels, err := pim.Channels(ctx)
	if err != nil {
		return quality.PIMSchema{}, fmt.Errorf("read the PIM schema: %w", err)
	}
	families, err := pim.Families(ctx)
	if err != nil {
		return quality.PIMSchema{}, fmt.Errorf("read the PIM schema: %w", err)
	}
	return schemaOf(attrs, locales, channels, families), nil
}

// schemaOf gathers what was read into the canonical schema.
func schemaOf(attrs, locales []string, channels []api.Channel, families []api.Family) quality.PIMSchema {
	sc := quality.PIMSchema{Attributes: attrs, Locales: locales, Channels: []string{},
		ChannelLocales: map[string][]string{}, Families: map[string]quality.FamilySchema{}}
	for _, ch := range channels {
		sc.Channels = append(sc.Channels, ch.Code)
		sc.ChannelLocales[ch.Code] = ch.Locales
	}
	for _, f := range families {
		sc.Families[f.Code] = quality.FamilySchema{Attributes: f.Attributes, Required: f.Requirements}
	}
	return sc
}
