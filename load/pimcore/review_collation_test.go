package pimcore_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"time"

	"github.com/rs/zerolog"
	"github.com/stewardhq/steward/config"
	pimcoreapi "github.com/stewardhq/steward/internal/api/pimcore"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/load/pimcore"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/api/pimcore/pimcorefake"
	"github.com/stewardhq/steward/load"
)

// collating answers like Pimcore on MySQL/MariaDB: the object tables use the
// database's default utf8mb4 collation, which compares strings without case
// (utf8mb4_general_ci, utf8mb4_0900_ai_ci), so the filter {"sku":"SKU-1"}
// also finds an object whose sku is "sku-1". The wrapper lower-cases the
// identifier filters before the (exact) fake sees them.
type collating struct{ next http.Handler }

func (c collating) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var req map[string]any
	if json.Unmarshal(body, &req) == nil {
		if vars, ok := req["variables"].(map[string]any); ok {
			for k, v := range vars {
				if s, ok := v.(string); ok && strings.HasPrefix(k, "f") {
					vars[k] = strings.ToLower(s)
				}
			}
		}
		body, _ = json.Marshal(req)
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	r.ContentLength = int64(len(body))
	c.next.ServeHTTP(w, r)
}

// Review (issue 7): a price for SKU "SKU-00002" is written to the only
// object the identifier filter finds, whose sku is "sku-00002": the loader
// never checks that the object it found holds the identifier it asked for.
func TestReviewLookupBySKUChecksTheIdentifier(t *testing.T) {
	objs := pimcorefake.Catalog(3, 1_714_521_600)
	objs[1].SKU = "sku-00002"
	fake := pimcorefake.New(objs)
	l := newLoaderWith(t, fake, collating{fake})
	out, err := l.Write(t.Context(), []load.Item{{ID: 1, ExternalID: "SKU-00002", Fields: price("99.90", "EUR")}})
	if err != nil {
		t.Fatal(err)
	}
	if o, _ := fake.Object(2); o.Price == "99.90" || out[0].Status != load.Rejected {
		t.Fatalf("the price of SKU-00002 went to the object with sku %q (outcome %+v)", o.SKU, out[0])
	}
}

func newLoaderWith(t *testing.T, _ *pimcorefake.Server, h http.Handler) load.Loader {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	text := fmt.Sprintf(`version: 1
staging: {sqlite: x.db, parquet_dir: pq}
systems:
  pim:
    kind: pimcore
    base_url: %s
    allow_insecure_loopback: true
    auth: {type: api_key, header: apikey, token: "${KEY}"}
%s`, srv.URL, settings)
	f, err := config.Parse("pimcore.yaml", []byte(text), nil, func(k string) (string, bool) { return "test-key", k == "KEY" })
	if err != nil {
		t.Fatal(err)
	}
	c, err := httpx.New("pim", f.Systems["pim"], zerolog.Nop(), httpx.Options{Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	if err != nil {
		t.Fatal(err)
	}
	settings, sps := pimcoreapi.DecodeSettings(f, "pim")
	if len(sps) > 0 {
		t.Fatal(sps)
	}
	l, err := pimcore.New(load.Spec{System: "pim", Config: f, Settings: settings, Client: c, Log: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	return l
}
