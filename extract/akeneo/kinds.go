package akeneo

import (
	"context"
	"sync"

	"github.com/rs/zerolog"

	api "github.com/stewardhq/steward/internal/api/akeneo"
	"github.com/stewardhq/steward/transform"
)

// kindOfType is the canonical kind of each Akeneo attribute type whose
// values map to one kind. Types not listed here (asset collections, tables,
// reference data) are read by their data's shape.
var kindOfType = map[string]transform.Kind{
	"pim_catalog_identifier":       transform.KindText,
	"pim_catalog_text":             transform.KindText,
	"pim_catalog_textarea":         transform.KindText,
	"pim_catalog_number":           transform.KindNumber,
	"pim_catalog_metric":           transform.KindMetric,
	"pim_catalog_price_collection": transform.KindPrices,
	"pim_catalog_simpleselect":     transform.KindOption,
	"pim_catalog_multiselect":      transform.KindOptions,
	"pim_catalog_boolean":          transform.KindBoolean,
	"pim_catalog_date":             transform.KindDate,
	"pim_catalog_image":            transform.KindMedia,
	"pim_catalog_file":             transform.KindMedia,
}

// attributeKinds reads the PIM's attribute types once per extractor (one
// extractor serves one run) and keeps the kind of each attribute.
type attributeKinds struct {
	mu    sync.Mutex
	tried bool
	kinds map[string]transform.Kind
}

// get returns the attributes' kinds, reading them on first use. When they
// cannot be read the run maps every value by its shape (see values.go), and
// says so once.
func (a *attributeKinds) get(ctx context.Context, c *api.Client, log zerolog.Logger) map[string]transform.Kind {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.tried {
		return a.kinds
	}
	a.tried = true
	types, err := c.AttributeTypes(ctx)
	if err != nil {
		log.Warn().Err(err).Msg("attribute types not read; value kinds are taken from the shape of their data")
		return nil
	}
	a.kinds = map[string]transform.Kind{}
	for code, t := range types {
		if k, ok := kindOfType[t]; ok {
			a.kinds[code] = k
		}
	}
	return a.kinds
}

// known returns the kinds read so far (nil before the first page).
func (a *attributeKinds) known() map[string]transform.Kind {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.kinds
}
