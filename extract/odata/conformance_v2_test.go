package odata_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	stewardconfig "github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract/extracttest"
	"github.com/stewardhq/steward/extract/odata"
	api "github.com/stewardhq/steward/internal/api/odata"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	"github.com/stewardhq/steward/internal/sandbox/sap"
)

// bpEmulator is the v2 business partner service holding n partners (a
// catalog of 40 products per account), paging at 4 rows whatever $top asks.
func bpEmulator(n int) *sap.Server {
	s := sap.New(catalog.New(n*40, 3), sap.SandboxCredentials)
	s.SetMode(sap.Mode{PageSize: 4})
	return s
}

// bpHarness runs the suite over SAP business partners mapped to customers.
func bpHarness(paging string) extracttest.Harness {
	return extracttest.Harness{
		Emulator: func(n int) http.Handler { return bpEmulator(n) },
		Config:   func(base string, pageSize int) string { return bpConfig(base, pageSize, paging) },
		Env:      map[string]string{"PASSWORD": sap.SandboxCredentials.Password},
		Factory:  odata.New,
		Decode: func(f *stewardconfig.File, system string) (any, stewardconfig.Problems) {
			return api.DecodeSettings(f, system)
		},
		ForeignNext: bpForeignNext,
		NullItems:   bpNullResults,
		Poison:      bpPoison,
		DropItems:   bpDropResults,
		ListPage:    func(b []byte) bool { return bytes.Contains(b, []byte(`"results"`)) },
	}
}

func bpConfig(base string, pageSize int, paging string) string {
	return fmt.Sprintf(`version: 1
staging: {sqlite: x.db, parquet_dir: pq}
systems:
  src:
    kind: odata
    base_url: %s
    allow_insecure_loopback: true
    auth: {type: basic, username: %s, password: "${PASSWORD}"}
    retry: {base_delay: 1ms}
    settings:
      entities:
        customers:
          version: 2
          path: %s%s
          key: [BusinessPartner]
          canonical: customer
          filter: BusinessPartnerCategory eq '2'
          paging: %s
jobs:
  - name: job
    data_type: customers
    cadence: "@daily"
    extract: {system: src, entity: customers, mode: incremental, cursor_field: LastChangeDate, overlap: 1s, page_size: %d}
`, base, sap.SandboxCredentials.User, sap.BPService, sap.BPSet, paging, pageSize)
}

var nextRE = regexp.MustCompile(`("__next":")https?://[^/"]+`)

func bpForeignNext(body []byte, foreign string) []byte {
	return nextRE.ReplaceAll(body, []byte("${1}"+foreign))
}

// bpNullResults turns a page's "d"."results" into null.
func bpNullResults(body []byte) []byte {
	var page struct{ D map[string]json.RawMessage }
	if json.Unmarshal(body, &page) != nil || page.D == nil {
		return body
	}
	page.D["results"] = json.RawMessage("null")
	b, _ := json.Marshal(map[string]any{"d": page.D})
	return b
}

// bpDropResults takes a page's results away: missing, null, a page without
// "d", a "d" that is an array of nothing.
func bpDropResults(body []byte, way int) []byte {
	if way > 2 {
		return nil
	}
	var page struct{ D map[string]json.RawMessage }
	if json.Unmarshal(body, &page) != nil || page.D == nil {
		return body
	}
	switch way {
	case 0:
		delete(page.D, "results")
	case 1:
		page.D["results"] = json.RawMessage("null")
	case 2:
		b, _ := json.Marshal(map[string]any{"value": []any{}})
		return b
	}
	b, _ := json.Marshal(map[string]any{"d": page.D})
	return b
}

func bpPoison(body []byte, key string, deep bool) []byte {
	p := "\"a\x00b\""
	if deep {
		p = strings.Repeat("[", 10000) + strings.Repeat("]", 10000)
	}
	return bytes.ReplaceAll(body, []byte(`"BusinessPartner":"`+key+`"`), []byte(`"BusinessPartner":"`+key+`","poison":`+p))
}

// TestConformanceV2 runs the suite with key set paging (the default) over
// SAP business partners, with partners deleted or changed between pages.
func TestConformanceV2(t *testing.T) {
	h := bpHarness("keyset")
	h.Shifts = &extracttest.Shifts{
		Emulator: func(n int) http.Handler { return shifting(bpEmulator(n)) },
		Until:    time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC),
	}
	extracttest.Run(t, h)
}

// TestConformanceV2ServerPaging runs the suite following __next verbatim.
func TestConformanceV2ServerPaging(t *testing.T) { extracttest.Run(t, bpHarness("server")) }

// shifting wraps the emulator so that after each collection page it serves,
// the page's first partner leaves the result set: deleted on odd pages,
// changed (moved to the emulator's clock, after the window) on even ones.
func shifting(s *sap.Server) http.Handler {
	s.SetClock(func() time.Time { return time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC) })
	var mu sync.Mutex
	pages := 0
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, r)
		var page struct {
			D struct{ Results []map[string]any }
		}
		if json.Unmarshal(rec.Body.Bytes(), &page) == nil && len(page.D.Results) > 0 {
			mu.Lock()
			pages++
			id, _ := page.D.Results[0]["BusinessPartner"].(string)
			if pages%2 == 1 {
				s.DeletePartner(id)
			} else {
				s.TouchPartner(id)
			}
			mu.Unlock()
		}
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
	})
}
