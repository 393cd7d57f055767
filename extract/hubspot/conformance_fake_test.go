package hubspot_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract"
	"github.com/stewardhq/steward/extract/extracttest"
	"github.com/stewardhq/steward/extract/hubspot"
	api "github.com/stewardhq/steward/internal/api/hubspot"
	"github.com/stewardhq/steward/internal/sandbox/fault"
)

// conformanceConfig is one incremental customers job over system src.
func conformanceConfig(base string, pageSize int) string {
	return fmt.Sprintf(`version: 1
staging: {sqlite: x.db, parquet_dir: pq}
systems:
  src:
    kind: hubspot
    base_url: %s
    allow_insecure_loopback: true
    auth: {type: bearer, token: "${TOKEN}"}
jobs:
  - name: job
    data_type: customers
    cadence: "@daily"
    extract: {system: src, entity: companies, mode: incremental, cursor_field: hs_lastmodifieddate, overlap: 1s, page_size: %d}
`, base, pageSize)
}

// factory builds the extractor without real waits between searches.
func factory(spec extract.Spec) (extract.Extractor, error) {
	return hubspot.NewWith(spec, api.Options{Pacing: api.Pacing{Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }}})
}

// shape answers injected faults as HubSpot does: a 429 of the burst window
// with its JSON body.
type shape struct{}

func (shape) TooManyRequests(w http.ResponseWriter, retryAfter string) {
	if retryAfter != "" {
		w.Header().Set("Retry-After", retryAfter)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusTooManyRequests)
	_, _ = w.Write([]byte(`{"status":"error","message":"You have reached your secondly limit.","errorType":"RATE_LIMIT","correlationId":"c","policyName":"SECONDLY","requestId":"r"}`))
}

func (shape) ServerError(w http.ResponseWriter, status int) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(`{"status":"error","message":"internal error","correlationId":"c","category":"INTERNAL_ERROR"}`))
}

// rewritable are the answers the rewriting tests may change: list pages
// and search pages (POST).
func rewritable(r *http.Request) bool {
	return r.Method == http.MethodGet || strings.HasSuffix(r.URL.Path, "/search")
}

func isPage(body []byte) bool { return bytes.Contains(body, []byte(`"results"`)) }

func dropItems(body []byte, way int) []byte {
	switch way {
	case 0:
		var m map[string]json.RawMessage
		if json.Unmarshal(body, &m) != nil {
			return body
		}
		delete(m, "results")
		out, _ := json.Marshal(m)
		return out
	case 1:
		return nullItems(body)
	}
	return nil
}

func nullItems(body []byte) []byte {
	return regexp.MustCompile(`"results":\[.*\]`).ReplaceAll(body, []byte(`"results":null`))
}

func poison(body []byte, key string, deep bool) []byte {
	add := `"poison":"a` + "\x00" + `b"`
	if deep {
		add = `"poison":` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000)
	}
	return bytes.ReplaceAll(body, []byte(`"id":"`+key+`",`), []byte(`"id":"`+key+`",`+add+`,`))
}

// shifting wraps a fake so that after each search page one served company
// leaves the result set: archived, or moved past the window's bound.
func shifting(n int) http.Handler {
	f := companies(n, 3)
	var mu sync.Mutex
	served := 0
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		f.ServeHTTP(w, r)
		if !strings.HasSuffix(r.URL.Path, "/search") {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		id := fmt.Sprintf("%05d", served)
		if served%2 == 0 {
			f.Archive("companies", id, base)
		} else {
			f.Put("companies", id, map[string]string{"name": "moved"}, base.Add(48*time.Hour))
		}
		served++
	})
}

func fakeHarness() extracttest.Harness {
	return extracttest.Harness{
		Emulator:   func(n int) http.Handler { return companies(n, 3) },
		Config:     conformanceConfig,
		Env:        map[string]string{"TOKEN": token},
		Factory:    factory,
		Decode:     func(f *config.File, system string) (any, config.Problems) { return api.DecodeSettings(f, system) },
		Rewritable: rewritable,
		ListPage:   isPage,
		DropItems:  dropItems,
		NullItems:  nullItems,
		Poison:     poison,
		Shifts:     &extracttest.Shifts{Emulator: shifting, Until: base.Add(24 * time.Hour)},
		Shape:      func(http.Handler) fault.Responder { return shape{} },
	}
}

// TestConformanceFake runs the conformance suite against the spec fake;
// conformance_test.go runs it against the sandbox emulator.
func TestConformanceFake(t *testing.T) { extracttest.Run(t, fakeHarness()) }
