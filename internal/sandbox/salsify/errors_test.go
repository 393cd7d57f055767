package salsify

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/sandbox/fault"
)

func TestFaultShape(t *testing.T) {
	s, _ := start(t, 5)
	faults := &fault.Set{Shape: s.Errors()}
	srv := httptest.NewServer(faults.Wrap(s))
	defer srv.Close()

	faults.Update(&fault.Set{Storm429: 1, RetryAfter: "7"})
	a := call(t, srv, "GET", base+"/products", "")
	expect(t, a, 429, `{"errors":["API rate limit of 10000 requests exceeded for this organization"]}`)
	for h, want := range map[string]string{"Retry-After": "7", "x-ratelimit-limit": "10000", "x-ratelimit-remaining": "0", "x-ratelimit-reset": "7"} {
		if got := a.header.Get(h); got != want {
			t.Errorf("injected 429: %s = %q, want %q", h, got, want)
		}
	}
	faults.Update(&fault.Set{Storm429: 1})
	a = call(t, srv, "GET", base+"/products", "")
	if a.status != 429 || a.header.Get("Retry-After") != "" || a.header.Get("x-ratelimit-reset") != "1800" {
		t.Errorf("injected 429 without Retry-After: %d %v", a.status, a.header)
	}

	faults.Update(&fault.Set{Burst5xx: 1, Status5xx: 500})
	expect(t, call(t, srv, "GET", base+"/products", ""), 500, `{"errors":["Internal Server Error"]}`)
	faults.Update(&fault.Set{Burst5xx: 1})
	a = call(t, srv, "GET", base+"/products", "")
	if a.status != 503 || !strings.HasPrefix(a.header.Get("Content-Type"), "text/html") || !strings.Contains(string(a.body), "Service Unavailable") {
		t.Errorf("injected 503: %d %s %s", a.status, a.header.Get("Content-Type"), a.body)
	}
	expect(t, call(t, srv, "GET", base+"/products/SKU-0000001", ""), 200, "")
}

// The emulator fits the sandbox's seams: a fault shape, and a state the
// sandbox saves and loads.
var (
	_ fault.Responder = Errors{}
	_ interface {
		SaveState() ([]byte, error)
		LoadState([]byte) error
	} = (*Server)(nil)
)
