package parquet

import (
	"fmt"

	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/transform"
)

// ProductRow is one product in a products snapshot. Its columns come from
// the canonical product only, so a snapshot has the same columns whichever
// PIM (Akeneo, Pimcore, Salsify) the products came from; the values are one
// JSON column holding the product's list of canonical values
// ({attribute, locale, channel, kind, text, number, unit, amounts, options,
// bool}). Source, content hash and runs are the staging lineage.
type ProductRow struct {
	ID         string   `parquet:"name=id, type=BYTE_ARRAY, convertedtype=UTF8"`
	Identifier string   `parquet:"name=identifier, type=BYTE_ARRAY, convertedtype=UTF8"`
	Family     string   `parquet:"name=family, type=BYTE_ARRAY, convertedtype=UTF8, encoding=PLAIN_DICTIONARY"`
	Categories []string `parquet:"name=categories, type=BYTE_ARRAY, convertedtype=UTF8, repetitiontype=REPEATED"`
	Parent     string   `parquet:"name=parent, type=BYTE_ARRAY, convertedtype=UTF8"`
	Enabled    bool     `parquet:"name=enabled, type=BOOLEAN"`
	Updated    *int64   `parquet:"name=updated, type=INT64, convertedtype=TIMESTAMP_MILLIS, repetitiontype=OPTIONAL"`
	Values     string   `parquet:"name=values, type=BYTE_ARRAY, convertedtype=UTF8"`
	Source     string   `parquet:"name=source, type=BYTE_ARRAY, convertedtype=UTF8, encoding=PLAIN_DICTIONARY"`
	Hash       string   `parquet:"name=content_hash, type=BYTE_ARRAY, convertedtype=UTF8"`
	FirstRun   int64    `parquet:"name=first_run, type=INT64"`
	LastRun    int64    `parquet:"name=last_run, type=INT64"`
}

// productRow decodes a staged canonical product into its snapshot row.
func productRow(r store.StagedRow) (any, error) {
	var p transform.Product
	// The values column is json.Marshal of the values ([] for none): the
	// payload's own text, as the encoder wrote it, when it is canonical.
	vs, err := transform.DecodeProductValuesJSON(r.Payload, &p)
	if err != nil {
		return nil, fmt.Errorf("staged product %s: %w", r.Key, err)
	}
	row := ProductRow{ID: p.ID, Identifier: p.Identifier, Family: p.Family, Categories: p.Categories, Parent: p.Parent, Enabled: p.Enabled,
		Values: string(vs), Source: r.Source, Hash: r.Hash, FirstRun: r.FirstRun, LastRun: r.LastRun}
	if !p.Updated.IsZero() {
		ms := p.Updated.UnixMilli()
		row.Updated = &ms
	}
	return row, nil
}
