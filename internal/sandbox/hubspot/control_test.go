package hubspot

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stewardhq/steward/internal/sandbox"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

var _ sandbox.Controller = (*Emulator)(nil)

// TestQuotaSwitch: POST /_sandbox/hubspot/quota lowers the burst limit.
func TestQuotaSwitch(t *testing.T) {
	e, srv, _ := start(t, nil)
	mux := http.NewServeMux()
	e.Control(mux)
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest("POST", "/_sandbox/hubspot/quota", strings.NewReader(`{"burst":2,"interval_ms":10000}`)))
	if rec.Code != 204 {
		t.Fatalf("quota switch: %d %s", rec.Code, rec.Body)
	}
	expect(t, call(t, srv, "GET", "/crm/v3/owners", ""), 200)
	expect(t, call(t, srv, "GET", "/crm/v3/owners", ""), 200)
	expect429(t, call(t, srv, "GET", "/crm/v3/owners", ""), "TEN_SECONDLY_ROLLING")
	rec = httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest("POST", "/_sandbox/hubspot/quota", strings.NewReader(`{"burst":-1}`)))
	if rec.Code != 400 {
		t.Errorf("a negative quota: %d", rec.Code)
	}
}

// TestConcurrentClients: readers and writers at once over the sandbox
// portal (run with -race).
func TestConcurrentClients(t *testing.T) {
	e := Sandbox(catalog.New(300, 2))
	e.SetQuota(0, 0, 0, 100)
	srv := httptest.NewServer(e)
	defer srv.Close()
	var wg sync.WaitGroup
	for k := range 4 {
		wg.Go(func() {
			body := `{"inputs":[{"idProperty":"hs_sku","id":"SKU-000000` + string(rune('1'+k)) + `","properties":{"price":"1.00"}}]}`
			for _, c := range [][3]string{{"POST", "/crm/v3/objects/products/batch/upsert", body},
				{"GET", "/crm/v3/objects/products?limit=100", ""}, {"POST", "/crm/v3/objects/contacts/search", `{"limit":5}`}} {
				if status := quietCall(srv, c[0], c[1], c[2]); status != 200 {
					t.Errorf("%s %s: %d", c[0], c[1], status)
				}
			}
			_, _ = e.SaveState()
		})
	}
	wg.Wait()
	for k := range 4 {
		if r, _ := e.Find("products", "hs_sku", "SKU-000000"+string(rune('1'+k))); r.Properties["price"] != "1.00" {
			t.Errorf("product %d: %v", k+1, r.Properties)
		}
	}
}

// quietCall sends a request with the sandbox token from any goroutine and
// returns the status (0 when it failed).
func quietCall(srv *httptest.Server, method, path, body string) int {
	req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	if err != nil {
		return 0
	}
	req.Header.Set("Authorization", "Bearer "+SandboxToken)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := srv.Client().Do(req)
	if err != nil {
		return 0
	}
	_ = resp.Body.Close()
	return resp.StatusCode
}
