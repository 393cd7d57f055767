package parquet

import (
	"context"
	"encoding/json"
	"os"
	"reflect"
	"testing"
	"time"

	pgo "github.com/parquet-go/parquet-go"

	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/transform"
)

// products is a Source of staged canonical products.
type products []transform.Product

func (ps products) EachStaged(_ context.Context, _ string, fn func(store.StagedRow) error) error {
	for i, p := range ps {
		b, err := json.Marshal(p)
		if err != nil {
			return err
		}
		if err := fn(store.StagedRow{Key: p.ID, Source: []string{"akeneo", "pimcore"}[i%2], Hash: "h", Payload: b, FirstRun: 1, LastRun: 2}); err != nil {
			return err
		}
	}
	return nil
}

// TestProductSnapshotColumns: a products snapshot written from canonical
// products (one as Akeneo maps it, one as Pimcore would: other ids, other
// attributes, no categories) has the canonical product's columns by name,
// whichever PIM the products came from, and its rows read back.
func TestProductSnapshotColumns(t *testing.T) {
	at := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
	ps := products{
		{ID: "0b6e3c5e-8f1a-4c1e-9d2b-1a2b3c4d5e6f", Identifier: "SKU-1", Family: "shirts", Categories: []string{"men", "summer"}, Enabled: true, Updated: at,
			Values: []transform.Value{{Attribute: "weight", Kind: transform.KindMetric, Number: "0.250", Unit: "KILOGRAM"}}},
		{ID: "42", Identifier: "SKU-2", Family: "shoes", Parent: "SKU-M", Updated: at.Add(time.Hour),
			Values: []transform.Value{{Attribute: "description", Locale: "en_US", Channel: "ecommerce", Kind: transform.KindText, Text: "Soft"}}},
	}
	snap, err := Write(t.Context(), ps, transform.Products, t.TempDir(), 3)
	if err != nil || snap.Rows != 2 {
		t.Fatalf("write: %v (%d rows)", err, snap.Rows)
	}
	f, err := os.Open(snap.Path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	pf, err := pgo.OpenFile(f, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, c := range pf.Schema().Fields() {
		names = append(names, c.Name())
	}
	want := []string{"id", "identifier", "family", "categories", "parent", "enabled", "updated", "values", "source", "content_hash", "first_run", "last_run"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("columns %v\nwant    %v", names, want)
	}
	type row struct {
		ID         string   `parquet:"id"`
		Categories []string `parquet:"categories"`
		Parent     string   `parquet:"parent"`
		Enabled    bool     `parquet:"enabled"`
		Updated    *int64   `parquet:"updated,optional"`
		Values     string   `parquet:"values"`
	}
	rows, err := pgo.ReadFile[row](snap.Path)
	if err != nil || len(rows) != 2 {
		t.Fatalf("read: %v (%d rows)", err, len(rows))
	}
	var vs []transform.Value
	if err := json.Unmarshal([]byte(rows[1].Values), &vs); err != nil || !reflect.DeepEqual(vs, ps[1].Values) {
		t.Errorf("values of %s: %s (%v)", rows[1].ID, rows[1].Values, err)
	}
	if rows[0].ID != ps[0].ID || !reflect.DeepEqual(rows[0].Categories, ps[0].Categories) || !rows[0].Enabled || rows[1].Parent != "SKU-M" || rows[1].Updated == nil || *rows[1].Updated != at.Add(time.Hour).UnixMilli() {
		t.Errorf("rows %+v", rows)
	}
	if _, err := Write(t.Context(), products{{ID: "x"}}, transform.Prices, t.TempDir(), 3); err != nil {
		t.Errorf("another data type keeps its payload rows: %v", err)
	}
}
