package pimcore_test

import (
	"bytes"
	"github.com/stewardhq/steward/config"
	api "github.com/stewardhq/steward/internal/api/pimcore"
	"net/http"
	"regexp"
	"testing"
	"time"

	"github.com/stewardhq/steward/extract/extracttest"
	"github.com/stewardhq/steward/extract/pimcore"
	"github.com/stewardhq/steward/internal/api/pimcore/pimcorefake"
)

// harness drives the conformance suite over the package's own fake. The
// Datahub has no next links (the foreign-next test is skipped) and reads
// with POST, so the rewriting tests apply to POST answers that hold a
// listing. The sandbox emulator needs the same adapter: Rewritable for POST,
// ListPage on "totalCount", and a Shifts emulator paging by offset.
var harness = extracttest.Harness{
	Emulator: func(n int) http.Handler { return pimcorefake.New(pimcorefake.Catalog(n, base)) },
	Config:   configText,
	Env:      env,
	Factory:  pimcore.New,
	Decode: func(f *config.File, system string) (any, config.Problems) {
		return api.DecodeSettings(f, system)
	},
	DropItems: func(body []byte, way int) []byte {
		listing := regexp.MustCompile(`"getProductListing":\{.*\}\}?\}$`)
		edges := regexp.MustCompile(`"edges":\[.*\]`)
		switch way {
		case 0:
			return listing.ReplaceAll(bytes.TrimSpace(body), []byte(`"getProductListing":null}}`))
		case 1:
			return edges.ReplaceAll(body, []byte(`"edges":null`))
		case 2:
			return edges.ReplaceAll(body, []byte(`"x":[]`))
		}
		return nil
	},
	NullItems: func(body []byte) []byte {
		return regexp.MustCompile(`"edges":\[.*\]`).ReplaceAll(body, []byte(`"edges":null`))
	},
	Poison: func(body []byte, key string, deep bool) []byte {
		poison := `"a` + "\x00" + `b"`
		if deep {
			poison = string(bytes.Repeat([]byte("["), 10000)) + string(bytes.Repeat([]byte("]"), 10000))
		}
		return bytes.ReplaceAll(body, []byte(`"id":"`+key+`"`), []byte(`"id":"`+key+`","poison":`+poison))
	},
	Rewritable: func(r *http.Request) bool { return r.Method == http.MethodPost },
	ListPage:   func(body []byte) bool { return bytes.Contains(body, []byte(`"totalCount"`)) },
	Shifts: &extracttest.Shifts{
		Emulator: shifting,
		Until:    time.Unix(base+1000, 0),
	},
}

// shifting is a fake that, after each page of products, takes one row it
// served out of the result set: deleted, or moved past Until, in turn. A
// listing of one object is the window's probe (first: 1, ids and dates
// only), which delivers no product: the fake cannot tell it from a page by
// its selection, so it goes by its size (the shifts test's pages hold 7,
// its last one 4).
func shifting(n int) http.Handler {
	f := pimcorefake.New(pimcorefake.Catalog(n, base))
	turn := 0
	f.AfterListing = func(s *pimcorefake.Server, served []int64) {
		if len(served) <= 1 {
			return
		}
		turn++
		id := served[turn%len(served)]
		if turn%2 == 0 {
			s.Delete(id)
		} else {
			s.Touch(id, base+5000)
		}
	}
	return f
}

func TestConformance(t *testing.T) { extracttest.Run(t, harness) }
