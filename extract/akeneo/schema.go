package akeneo

import (
	"context"
	"fmt"

	api "github.com/stewardhq/steward/internal/api/akeneo"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/quality"
)

// ReadSchema reads what the Akeneo PIM behind c knows: its attribute codes,
// enabled locales and channels, for checking that rules name only those. It
// fails when any of the three cannot be read in full.
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
	channels, err := pim.ChannelCodes(ctx)
	if err != nil {
		return quality.PIMSchema{}, fmt.Errorf("read the PIM schema: %w", err)
	}
	return quality.PIMSchema{Attributes: attrs, Locales: locales, Channels: channels}, nil
}
