package salsify_test

import (
	"bytes"
	"cmp"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stewardhq/steward/extract/extracttest"
	"github.com/stewardhq/steward/extract/salsify"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	"github.com/stewardhq/steward/internal/sandbox/fault"
	emulator "github.com/stewardhq/steward/internal/sandbox/salsify"
)

// emulatorSeed is the catalog seed of the emulator tests.
const emulatorSeed = 7

// emulatorConfig is steward.yaml for the sandbox organization of the PIM
// contract (brief7-pim-contract.md, Salsify) at base, with one products job.
func emulatorConfig(base string, pageSize int) string {
	return emulatorConfigOverlap(base, pageSize, "1s")
}

// emulatorConfigOverlap is emulatorConfig with the incremental overlap.
func emulatorConfigOverlap(base string, pageSize int, overlap string) string {
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
      product_id_property: Product ID
      family_property: Family
      price_property: Price
      price_currency: EUR
      properties:
        - {property: Product Name, attribute: name, locale: en_US, kind: text}
        - {property: Description, attribute: description, locale: en_US, channel: ecommerce, kind: text}
        - {property: Description Draft, attribute: description_draft, locale: en_US, channel: ecommerce, kind: text}
        - {property: Color, attribute: color, kind: option}
        - {property: Weight, attribute: weight, kind: metric, unit_property: Weight Unit}
        - {property: EAN, attribute: ean, kind: text}
jobs:
  - name: job
    data_type: products
    cadence: "@daily"
    extract: {system: src, entity: products, mode: incremental, cursor_field: "salsify:updated_at", overlap: %s, page_size: %d}
`, base, emulator.SandboxOrg, overlap, pageSize)
}

// newEmulator serves a catalog of n products as the sandbox organization.
func newEmulator(n int) *emulator.Server {
	return emulator.New(catalog.New(n, emulatorSeed), emulator.SandboxOrg, emulator.SandboxToken)
}

// updatedOrder returns the SKUs of a catalog by (update time, SKU): the
// order of the emulator's filtered listing, hence of a pass.
func updatedOrder(c *catalog.Catalog) []string {
	idx := make([]int, c.N)
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		if d := c.Updated(a).Compare(c.Updated(b)); d != 0 {
			return d
		}
		return cmp.Compare(c.SKU(a), c.SKU(b))
	})
	out := make([]string, c.N)
	for k, i := range idx {
		out[k] = c.SKU(i)
	}
	return out
}

// emulatorShifts is the emulator with a page hook that, after each page,
// takes one product it has served out of the result set through the
// emulator's own hooks: destroyed (Delete), or edited now (Touch), which
// moves its salsify:updated_at past every planted time and past Until.
func emulatorShifts(n int) http.Handler {
	srv := newEmulator(n)
	order := updatedOrder(catalog.New(n, emulatorSeed))
	var mu sync.Mutex
	served := 0
	srv.SetPageHook(func(int) {
		mu.Lock()
		defer mu.Unlock()
		if served >= len(order) {
			return
		}
		if served%2 == 0 {
			srv.Delete(order[served])
		} else {
			srv.Touch(order[served])
		}
		served++
	})
	return srv
}

var dataRE = regexp.MustCompile(`"data":\[.*\],"meta"`)

// emulatorHarness runs the conformance suite against the real emulator,
// with its own 429 and 5xx answers (Errors) for injected faults.
var emulatorHarness = extracttest.Harness{
	Emulator: func(n int) http.Handler { return newEmulator(n) },
	Shape:    func(h http.Handler) fault.Responder { return h.(*emulator.Server).Errors() },
	Config:   emulatorConfig,
	Env:      map[string]string{"TOKEN": emulator.SandboxToken},
	Factory:  salsify.New,
	Decode:   harness.Decode,
	// ForeignNext stays nil: a Salsify listing page carries no next link
	// (meta has per_page, total_entries, current_page and a null cursor);
	// the client builds every page URL on its configured base.
	DropItems: func(body []byte, way int) []byte {
		switch way {
		case 0:
			return dataRE.ReplaceAll(body, []byte(`"meta"`))
		case 1:
			return dataRE.ReplaceAll(body, []byte(`"data":null,"meta"`))
		}
		return nil
	},
	ListPage: func(body []byte) bool { return bytes.Contains(body, []byte(`"total_entries"`)) },
	Poison: func(body []byte, key string, deep bool) []byte {
		add := `"poison":"a` + "\x00" + `b"`
		if deep {
			add = `"poison":` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000)
		}
		return bytes.ReplaceAll(body, []byte(`"salsify:id":"`+key+`",`), []byte(`"salsify:id":"`+key+`",`+add+`,`))
	},
	NullItems: func(body []byte) []byte { return dataRE.ReplaceAll(body, []byte(`"data":null,"meta"`)) },
	// Until lies above every planted update time (within a day of the
	// catalog's base) and below the wall clock Touch and Delete stamp.
	Shifts: &extracttest.Shifts{Emulator: emulatorShifts, Until: catalog.New(1, emulatorSeed).Base.Add(24 * time.Hour)},
}

func TestEmulatorConformance(t *testing.T) { extracttest.Run(t, emulatorHarness) }
