package odata_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	stewardconfig "github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract/extracttest"
	"github.com/stewardhq/steward/extract/odata"
	api "github.com/stewardhq/steward/internal/api/odata"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	"github.com/stewardhq/steward/internal/sandbox/sap"
)

// harness runs the suite with the given paging; the emulator pages at 4 rows
// whatever the client asks, as servers may.
func harness(paging string) extracttest.Harness {
	return extracttest.Harness{
		Emulator: func(n int) http.Handler {
			s := sap.New(catalog.New(n, 3), sap.SandboxCredentials)
			s.SetMode(sap.Mode{PageSize: 4})
			return s
		},
		Config:  func(base string, pageSize int) string { return config(base, pageSize, paging) },
		Env:     map[string]string{"PASSWORD": sap.SandboxCredentials.Password},
		Factory: odata.New,
		Decode: func(f *stewardconfig.File, system string) (any, stewardconfig.Problems) {
			return api.DecodeSettings(f, system)
		},
		ForeignNext: foreignNext,
		NullItems:   nullValue,
		Poison:      poison,
	}
}

// poison adds to the entity with key a property holding a raw NUL byte in a
// string, or an array nested 10,000 deep (issue 6 item 16).
func poison(body []byte, key string, deep bool) []byte {
	p := "\"a\x00b\""
	if deep {
		p = strings.Repeat("[", 10000) + strings.Repeat("]", 10000)
	}
	return bytes.ReplaceAll(body, []byte(`"ConditionRecord":"`+key+`"`), []byte(`"ConditionRecord":"`+key+`","poison":`+p))
}

func config(base string, pageSize int, paging string) string {
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
      max_page_size: %d
      entities:
        prices:
          path: %s%s
          key: [ConditionRecord]
          canonical: price
          filter: ConditionType eq 'PPR0'
          paging: %s
jobs:
  - name: job
    data_type: prices
    cadence: "@daily"
    extract: {system: src, entity: prices, mode: incremental, cursor_field: LastChangeDateTime, overlap: 1s, page_size: %d}
`, base, sap.SandboxCredentials.User, pageSize, sap.PriceService, sap.PriceSet, paging, pageSize)
}

func foreignNext(body []byte, foreign string) []byte {
	re := regexp.MustCompile(`("@odata.nextLink":")`)
	return re.ReplaceAll(body, []byte("${1}"+foreign+"/"))
}

// nullValue turns a page's "value" array into null.
func nullValue(body []byte) []byte {
	var page map[string]json.RawMessage
	if json.Unmarshal(body, &page) != nil {
		return body
	}
	page["value"] = json.RawMessage("null")
	b, _ := json.Marshal(page)
	return b
}

// TestConformance runs the suite with key set paging (the default), against
// an emulator whose $skiptoken is a row offset and whose rows leave the result
// set between pages (issue 6 item 10).
func TestConformance(t *testing.T) {
	h := harness("keyset")
	h.Shifts = &extracttest.Shifts{
		Emulator: func(n int) http.Handler {
			s := sap.New(catalog.New(n, 3), sap.SandboxCredentials)
			s.SetMode(sap.Mode{OffsetSkiptoken: true, ShiftEachPage: true})
			s.SetClock(func() time.Time { return time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC) })
			return s
		},
		Until: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC),
	}
	extracttest.Run(t, h)
}

// TestConformanceServerPaging runs the suite following the server's next links.
func TestConformanceServerPaging(t *testing.T) { extracttest.Run(t, harness("server")) }
