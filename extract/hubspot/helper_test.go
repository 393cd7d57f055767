package hubspot_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract"
	"github.com/stewardhq/steward/extract/hubspot"
	api "github.com/stewardhq/steward/internal/api/hubspot"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/record"
)

const token = "pat-test"

var base = time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)

func nopSleep(ctx context.Context, _ time.Duration) error { return ctx.Err() }

// extractorFor builds an extractor of dataType reading entity from h.
func extractorFor(t *testing.T, h http.Handler, dataType, entity, mode string, pageSize int) extract.Extractor {
	t.Helper()
	return extractorWith(t, h, dataType, entity, mode, pageSize, api.Options{Pacing: api.Pacing{Sleep: nopSleep}})
}

// extractorWith is extractorFor with client options.
func extractorWith(t *testing.T, h http.Handler, dataType, entity, mode string, pageSize int, opt api.Options) extract.Extractor {
	t.Helper()
	return extractorConf(t, h, dataType, entity, mode, pageSize, opt, "")
}

// extractorConf is extractorWith with more system settings (", key: value"
// entries of the settings flow map).
func extractorConf(t *testing.T, h http.Handler, dataType, entity, mode string, pageSize int, opt api.Options, settings string) extract.Extractor {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	text := fmt.Sprintf(`version: 1
staging: {sqlite: x.db, parquet_dir: pq}
systems:
  crm:
    kind: hubspot
    base_url: %s
    allow_insecure_loopback: true
    auth: {type: bearer, token: "${TOKEN}"}
    settings: {price_currency: EUR%s}
jobs:
  - name: job
    data_type: %s
    cadence: "@daily"
    extract: {system: crm, entity: %s, mode: %s, cursor_field: %s, overlap: 1s, page_size: %d}
`, srv.URL, settings, dataType, entity, mode, modProp(entity), pageSize)
	file, err := config.Parse("t.yaml", []byte(text), nil, func(k string) (string, bool) { return token, k == "TOKEN" })
	if err != nil {
		t.Fatal(err)
	}
	hc, err := httpx.New("crm", file.Systems["crm"], zerolog.Nop(), httpx.Options{Sleep: nopSleep})
	if err != nil {
		t.Fatal(err)
	}
	s, ps := api.DecodeSettings(file, "crm")
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	x, err := hubspot.NewWith(extract.Spec{System: "crm", Config: file, Settings: s, Job: file.Jobs[0], Client: hc, Log: zerolog.Nop()},
		opt)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

type drained struct {
	keys    []string
	pages   []record.Page
	bad     []record.Quarantined
	deleted []record.Deletion
	last    record.Cursor
}

func drain(t *testing.T, x extract.Extractor, from record.Cursor) (drained, error) {
	t.Helper()
	var d drained
	for p, err := range x.Extract(t.Context(), from) {
		if err != nil {
			return d, err
		}
		for _, r := range p.Records {
			d.keys = append(d.keys, r.Key)
		}
		d.pages = append(d.pages, p)
		d.bad = append(d.bad, p.Quarantined...)
		d.deleted = append(d.deleted, p.Deleted...)
		d.last = p.Cursor
	}
	return d, nil
}

func assertOnce(t *testing.T, keys []string, n int) {
	t.Helper()
	seen := map[string]bool{}
	for _, k := range keys {
		if seen[k] {
			t.Fatalf("key %s delivered twice", k)
		}
		seen[k] = true
	}
	if len(seen) != n {
		t.Fatalf("%d keys, want %d", len(seen), n)
	}
}

func modProp(entity string) string {
	if entity == "contacts" {
		return "lastmodifieddate"
	}
	return "hs_lastmodifieddate"
}
