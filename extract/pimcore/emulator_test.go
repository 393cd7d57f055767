package pimcore_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stewardhq/steward/extract/extracttest"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	"github.com/stewardhq/steward/internal/sandbox/fault"
	emulator "github.com/stewardhq/steward/internal/sandbox/pimcore"
)

// sandboxKey is the sandbox Pimcore's API key (header apikey).
const sandboxKey = "sandbox-pimcore-key"

// seed is the catalog seed of the emulator tests.
const seed = 3

// shiftUntil is the backfill window's top in the shifts test: an hour past
// the catalog's base, above every planted modificationDate of a small
// catalog (they span N/4 seconds) and below the clock the moved rows get.
var shiftUntil = catalog.New(1, seed).Base.Add(time.Hour)

// newEmulator is the real sandbox emulator over a catalog of n products,
// wrapped in its own fault set as the sandbox serves it.
func newEmulator(n int) (*emulator.Server, http.Handler) {
	srv := emulator.New(catalog.New(n, seed), sandboxKey)
	return srv, (&fault.Set{Shape: emulator.Errors{}}).Wrap(srv)
}

// emulatorHarness drives the conformance suite over the sandbox emulator,
// with the connector configured as the sandbox's steward.yaml configures it.
// The Datahub has no next links: foreign_next is skipped.
var emulatorHarness = func() extracttest.Harness {
	h := harness
	h.Emulator = func(n int) http.Handler { _, hd := newEmulator(n); return hd }
	h.Env = map[string]string{"KEY": sandboxKey}
	h.Shape = func(http.Handler) fault.Responder { return emulator.Errors{} }
	h.Shifts = &extracttest.Shifts{Emulator: shiftingEmulator, Until: shiftUntil}
	return h
}()

// shiftingEmulator is the emulator with an editor at work: after each page
// of products it served, one of the served objects leaves the result set,
// in turn deleted, unpublished (which bumps its modificationDate) or
// touched (saved unchanged, likewise bumped), through the emulator's own
// hooks, its clock two hours past the catalog's base.
func shiftingEmulator(n int) http.Handler {
	srv, hd := newEmulator(n)
	srv.SetClock(func() time.Time { return shiftUntil.Add(time.Hour) })
	var mu sync.Mutex
	turn := 0
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		hd.ServeHTTP(rec, r)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
		ids := servedProducts(rec.Body.Bytes())
		if len(ids) == 0 {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		turn++
		id := ids[turn%len(ids)]
		moved := false
		switch turn % 3 {
		case 0:
			moved = srv.Delete(id)
		case 1:
			moved = srv.Unpublish(id)
		default:
			moved = srv.Touch(id)
		}
		if moved {
			shiftMoves[turn%3].Add(1)
		}
	})
}

// servedProducts returns the ids of the products a listing answer delivered
// (nodes with their sku); the window probe, which reads ids and dates only,
// delivers none.
func servedProducts(body []byte) []int {
	var a struct {
		Data struct {
			Listing *struct {
				Edges []struct {
					Node struct {
						ID  string  `json:"id"`
						SKU *string `json:"sku"`
					} `json:"node"`
				} `json:"edges"`
			} `json:"getProductListing"`
		} `json:"data"`
	}
	if json.Unmarshal(body, &a) != nil || a.Data.Listing == nil {
		return nil
	}
	var ids []int
	for _, e := range a.Data.Listing.Edges {
		if id, err := strconv.Atoi(e.Node.ID); err == nil && e.Node.SKU != nil {
			ids = append(ids, id)
		}
	}
	return ids
}

// shiftMoves counts the shifting emulator's deletes, unpublishes and
// touches, so that the shifts test is known to have moved rows.
var shiftMoves [3]atomic.Int64

func TestEmulatorConformance(t *testing.T) {
	extracttest.Run(t, emulatorHarness)
	for k, what := range []string{"deleted", "unpublished", "touched"} {
		if shiftMoves[k].Load() == 0 {
			t.Errorf("the shifts test %s no object", what)
		}
	}
}
