package akeneo_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/record"
)

// A product nested 9,997 to 9,999 deep decodes alone but not inside a page,
// whose wrapper adds three levels: the one-product page is quarantined with
// the depth as its reason and the pass goes on, every other product read once.
func TestPoisonDeeperThanAPageAllows(t *testing.T) {
	for _, depth := range []int{9997, 9998, 9999} {
		t.Run(strconv.Itoa(depth), func(t *testing.T) {
			inner := harness.Emulator(30)
			var poisoned atomic.Value
			poisoned.Store("")
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method != http.MethodGet || poisoned.Load() == "" || !strings.Contains(r.URL.Path, "products") {
					inner.ServeHTTP(w, r)
					return
				}
				rec := httptest.NewRecorder()
				inner.ServeHTTP(rec, r)
				w.Header().Set("Content-Type", rec.Header().Get("Content-Type"))
				w.WriteHeader(rec.Code)
				_, _ = w.Write(poisonDepth(rec.Body.Bytes(), poisoned.Load().(string), depth))
			}))
			defer srv.Close()
			x := extractor(t, srv.URL, 10)
			clean := keysOf(t, x)
			key := clean[17]
			poisoned.Store(key)
			var keys []string
			var bad []record.Quarantined
			for p, err := range x.Extract(t.Context(), record.Cursor{}) {
				if err != nil {
					t.Fatalf("a pass over a product nested %d deep failed: %v", depth, err)
				}
				for _, r := range p.Records {
					keys = append(keys, r.Key)
				}
				bad = append(bad, p.Quarantined...)
			}
			if len(keys) != 29 || len(bad) != 1 || bad[0].Key != key || !strings.Contains(bad[0].Reason, "deep") {
				t.Fatalf("%d records, quarantined %+v", len(keys), bad)
			}
			if !strings.Contains(string(bad[0].Raw), strings.Repeat("[", 1000)) {
				t.Errorf("quarantined raw bytes lack the nesting: %.80q", bad[0].Raw)
			}
		})
	}
}

// poisonDepth gives the product with key a member nested depth deep.
func poisonDepth(body []byte, key string, depth int) []byte {
	poison := strings.Repeat("[", depth) + strings.Repeat("]", depth)
	return []byte(strings.ReplaceAll(string(body), `"uuid":"`+key+`"`, `"uuid":"`+key+`","poison":`+poison))
}

func extractor(t *testing.T, base string, pageSize int) extract.Extractor {
	t.Helper()
	f, err := config.Parse("poison.yaml", []byte(harness.Config(base, pageSize)), nil, func(k string) (string, bool) {
		v, ok := harness.Env[k]
		return v, ok
	})
	if err != nil {
		t.Fatal(err)
	}
	c, err := httpx.New("src", f.Systems["src"], zerolog.Nop(), httpx.Options{Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }, Auth: harness.Auth})
	if err != nil {
		t.Fatal(err)
	}
	job, _ := f.Job("job")
	settings, _ := harness.Decode(f, "src")
	x, err := harness.Factory(extract.Spec{System: "src", Config: f, Settings: settings, Job: job, Client: c, Log: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func keysOf(t *testing.T, x extract.Extractor) []string {
	t.Helper()
	var keys []string
	for p, err := range x.Extract(t.Context(), record.Cursor{}) {
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range p.Records {
			keys = append(keys, r.Key)
		}
	}
	return keys
}
