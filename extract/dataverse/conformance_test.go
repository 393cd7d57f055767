package dataverse_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract/dataverse"
	"github.com/stewardhq/steward/extract/extracttest"
	api "github.com/stewardhq/steward/internal/api/dataverse"
	emulator "github.com/stewardhq/steward/internal/sandbox/dataverse"
	"github.com/stewardhq/steward/internal/sandbox/fault"
)

const (
	emuTenant = "conformance-tenant"
	emuClient = "conformance-client"
)

// clock is the emulator's settable time.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// emu returns an emulator holding n accounts, three changed in each second
// so that ties cross page boundaries, and its clock.
func emu(t testing.TB, n int) (*emulator.Emulator, *clock) {
	c := &clock{t: epoch}
	e := emulator.New(emulator.Options{Tenant: emuTenant, ClientID: emuClient, ClientSecret: secret, Clock: c.now})
	for i := range n {
		c.set(epoch.Add(time.Duration(i/3) * time.Second))
		if _, err := e.Put("accounts", "", map[string]any{"accountnumber": fmt.Sprintf("C-%06d", i), "name": fmt.Sprintf("Company %d", i), "address1_city": "Berlin"}); err != nil {
			t.Fatal(err)
		}
	}
	c.set(epoch.Add(time.Hour))
	return e, c
}

// emuConfig is the conformance config on the emulator's token endpoint.
func emuConfig(mode string) func(string, int) string {
	return func(base string, pageSize int) string {
		return fmt.Sprintf(`version: 1
staging: {sqlite: x.db, parquet_dir: pq}
systems:
  src:
    kind: dataverse
    base_url: %s
    allow_insecure_loopback: true
    auth: {type: entra_client_credentials, client_id: %s, client_secret: "${SECRET}", token_url: %s/%s/oauth2/v2.0/token}
    settings:
      tables:
        customers: {mode: %s}
jobs:
  - name: job
    data_type: customers
    cadence: "@daily"
    extract: {system: src, entity: accounts, mode: incremental, cursor_field: modifiedon, overlap: 1s, page_size: %d}
`, base, emuClient, base, emuTenant, mode, pageSize)
	}
}

// shifting returns an emulator that, after each collection page it serves,
// takes one account it served out of the result set: deleted, or changed
// past the window's upper bound.
func shifting(n int) http.Handler {
	e, c := emu(&testing.T{}, n)
	var mu sync.Mutex
	var served []string
	acted := 0
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, r)
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
		mu.Lock()
		defer mu.Unlock()
		for _, m := range servedRE.FindAllSubmatch(rec.Body.Bytes(), -1) {
			served = append(served, string(m[1]))
		}
		if r.Method != http.MethodGet || acted >= len(served) {
			return
		}
		id := served[acted]
		if acted%2 == 0 {
			e.Delete("accounts", id)
		} else {
			c.set(epoch.Add(48 * time.Hour))
			_, _ = e.Put("accounts", id, map[string]any{"name": "moved"})
			c.set(epoch.Add(time.Hour))
		}
		acted++
	})
}

var servedRE = regexp.MustCompile(`"accountid":"([^"]+)"`)

func emuHarness(mode string) extracttest.Harness {
	h := harness(mode)
	h.Emulator = func(n int) http.Handler { e, _ := emu(&testing.T{}, n); return e }
	h.Config = emuConfig(mode)
	h.Factory = dataverse.New
	h.Decode = func(f *config.File, system string) (any, config.Problems) { return api.DecodeSettings(f, system) }
	h.Shape = func(em http.Handler) fault.Responder {
		if e, ok := em.(*emulator.Emulator); ok {
			return e.FaultShape()
		}
		return nil
	}
	h.Shifts = &extracttest.Shifts{Emulator: shifting, Until: epoch.Add(time.Hour)}
	return h
}

// TestConformance runs the suite against the sandbox emulator, with change
// tracking and in modifiedon mode.
func TestConformance(t *testing.T) {
	t.Run("track_changes", func(t *testing.T) { extracttest.Run(t, emuHarness("track_changes")) })
	t.Run("modifiedon", func(t *testing.T) { extracttest.Run(t, emuHarness("modifiedon")) })
}
