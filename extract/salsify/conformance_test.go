package salsify_test

import (
	"bytes"
	"fmt"
	"github.com/stewardhq/steward/config"
	api "github.com/stewardhq/steward/internal/api/salsify"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stewardhq/steward/extract/extracttest"
	"github.com/stewardhq/steward/extract/salsify"
	"github.com/stewardhq/steward/internal/api/salsify/salsifytest"
)

const (
	org   = "s-test-org"
	token = "test-token"
)

// epoch is the first product's update time; products come three to a
// millisecond-exact second, so ties cross page boundaries.
var epoch = time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)

// fill stores n products, three sharing each update time.
func fill(f *salsifytest.Fake, n int) {
	for i := range n {
		f.Put(doc(i, epoch.Add(time.Duration(i/3)*time.Second)))
	}
}

func doc(i int, updated time.Time) string {
	return fmt.Sprintf(`{"salsify:id":"SKU-%05d","salsify:created_at":"2024-01-01T00:00:00.000Z","salsify:updated_at":%q,"salsify:version":3,"salsify:parent_id":null,`+
		`"Product ID":"SKU-%05d","Family":"shirts","Product Name":"Shirt %d","Weight":1.25%d,"Weight Unit":"KILOGRAM","Price":%d.90,"Color":["Blue"]}`,
		i, updated.Format("2006-01-02T15:04:05.000Z"), i, i, i%10, i)
}

func yamlConfig(base string, pageSize int) string {
	return fmt.Sprintf(`version: 1
staging: {sqlite: x.db, parquet_dir: pq}
systems:
  src:
    kind: salsify
    base_url: %s
    allow_insecure_loopback: true
    auth: {type: bearer, token: "${TOKEN}"}
    settings:
      org_id: %s
      family_property: Family
      price_property: Price
      price_currency: EUR
      properties:
        - {property: Product Name, attribute: name, locale: en_US, kind: text}
        - {property: Weight, attribute: weight, kind: metric, unit_property: Weight Unit}
        - {property: Color, attribute: color, kind: option}
jobs:
  - name: job
    data_type: products
    cadence: "@daily"
    extract: {system: src, entity: products, mode: incremental, cursor_field: "salsify:updated_at", overlap: 1s, page_size: %d}
`, base, org, pageSize)
}

// shifts is a fake that, after each page, takes one product it has served
// out of the result set: deleted, or moved past the window's upper bound.
func shifts(n int) http.Handler {
	f := salsifytest.New(org, token)
	fill(f, n)
	var mu sync.Mutex
	served := 0
	f.Mutate = func(f *salsifytest.Fake) {
		mu.Lock()
		defer mu.Unlock()
		id := fmt.Sprintf("SKU-%05d", served)
		if served%2 == 0 {
			f.Delete(id)
		} else {
			f.Put(doc(served, epoch.Add(24*time.Hour)))
		}
		served++
	}
	return f
}

var harness = extracttest.Harness{
	Emulator: func(n int) http.Handler {
		f := salsifytest.New(org, token)
		fill(f, n)
		return f
	},
	Config:  yamlConfig,
	Env:     map[string]string{"TOKEN": token},
	Factory: salsify.New,
	Decode: func(f *config.File, system string) (any, config.Problems) {
		return api.DecodeSettings(f, system)
	},
	Poison: func(body []byte, key string, deep bool) []byte {
		add := `"poison":"a` + "\x00" + `b"`
		if deep {
			add = `"poison":` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000)
		}
		return bytes.ReplaceAll(body, []byte(`"salsify:id":"`+key+`",`), []byte(`"salsify:id":"`+key+`",`+add+`,`))
	},
	NullItems: func(body []byte) []byte {
		return regexp.MustCompile(`"data":\[.*\],"meta"`).ReplaceAll(body, []byte(`"data":null,"meta"`))
	},
	Shifts: &extracttest.Shifts{Emulator: shifts, Until: epoch.Add(time.Hour)},
}

func TestConformance(t *testing.T) { extracttest.Run(t, harness) }
