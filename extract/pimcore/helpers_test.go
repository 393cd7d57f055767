package pimcore_test

import (
	"context"
	"fmt"
	api "github.com/stewardhq/steward/internal/api/pimcore"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract"
	"github.com/stewardhq/steward/extract/pimcore"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/record"
)

// base is the fake catalog's first modificationDate.
const base = 1_714_521_600

// configText is a steward.yaml with one Pimcore system "src" and one
// products job "job" reading it.
func configText(baseURL string, pageSize int) string {
	return fmt.Sprintf(`version: 1
staging: {sqlite: x.db, parquet_dir: pq}
systems:
  src:
    kind: pimcore
    base_url: %s
    allow_insecure_loopback: true
    auth: {type: api_key, header: apikey, token: "${KEY}"}
    settings:
      endpoint: steward
      class: Product
      identifier_field: sku
      family_field: family
      price_field: price
      currency: EUR
      draft_field: descriptionDraft
      languages: {en: en_US, de: de_DE}
      fields:
        name: {attribute: name, kind: text, localized: true}
        description: {attribute: description, kind: text, localized: true, channel: ecommerce}
        descriptionDraft: {attribute: description_draft, kind: text, localized: true, channel: ecommerce}
        color: {attribute: color, kind: option}
        weight: {attribute: weight, kind: metric}
        ean: {attribute: ean, kind: text}
jobs:
  - name: job
    data_type: products
    cadence: "@daily"
    extract: {system: src, entity: products, mode: incremental, cursor_field: modificationDate, overlap: 1s, page_size: %d}
`, baseURL, pageSize)
}

var env = map[string]string{"KEY": "test-key"}

func lookup(k string) (string, bool) { v, ok := env[k]; return v, ok }

// newExtractor builds the extractor over the endpoint at baseURL.
func newExtractor(t *testing.T, baseURL string, pageSize int) extract.Extractor {
	t.Helper()
	f, err := config.Parse("pimcore.yaml", []byte(configText(baseURL, pageSize)), nil, lookup)
	if err != nil {
		t.Fatal(err)
	}
	c, err := httpx.New("src", f.Systems["src"], zerolog.Nop(), httpx.Options{Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	if err != nil {
		t.Fatal(err)
	}
	job, _ := f.Job("job")
	settings, sps := api.DecodeSettings(f, "src")
	if len(sps) > 0 {
		t.Fatal(sps)
	}
	x, err := pimcore.New(extract.Spec{System: "src", Config: f, Settings: settings, Job: job, Client: c, Log: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	return x
}

type pass struct {
	keys    []string
	recs    []record.Record
	bad     []record.Quarantined
	cursors []record.Cursor
}

// run drains a pass from cur, stopping after stop pages when stop > 0.
func run(t *testing.T, x extract.Extractor, cur record.Cursor, stop int) pass {
	t.Helper()
	var p pass
	for pg, err := range x.Extract(t.Context(), cur) {
		if err != nil {
			t.Fatalf("extract: %v", err)
		}
		for _, r := range pg.Records {
			p.keys = append(p.keys, r.Key)
		}
		p.recs = append(p.recs, pg.Records...)
		p.bad = append(p.bad, pg.Quarantined...)
		p.cursors = append(p.cursors, pg.Cursor)
		if stop > 0 && len(p.cursors) == stop {
			break
		}
	}
	return p
}

// resumeEach reads a whole pass one page per Extract call, resuming from
// each stored cursor as a run killed after every page would.
func resumeEach(t *testing.T, x extract.Extractor, cur record.Cursor) []string {
	t.Helper()
	var keys []string
	for {
		p := run(t, x, cur, 1)
		keys = append(keys, p.keys...)
		cur = p.cursors[0]
		if !cur.InPass() {
			return keys
		}
	}
}

func once(t *testing.T, keys []string, want int) {
	t.Helper()
	seen := map[string]int{}
	for _, k := range keys {
		seen[k]++
		if seen[k] > 1 {
			t.Fatalf("key %s read twice", k)
		}
	}
	if len(seen) != want {
		t.Fatalf("read %d distinct keys, want %d", len(seen), want)
	}
}
