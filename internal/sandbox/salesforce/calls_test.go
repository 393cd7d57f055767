package salesforce

import (
	"net/http"
	"testing"
)

// TestCallsCountRequestsByMethodAndPath: the request log tells the token
// call, a read and a write apart, refused requests included.
func TestCallsCountRequestsByMethodAndPath(t *testing.T) {
	f := start(t, 0)
	f.call(t, http.MethodGet, v+"/limits", "")
	f.call(t, http.MethodGet, v+"/limits", "")
	f.call(t, http.MethodPatch, v+"/sobjects/Account/001000000000001AAA", `{"Name":"X"}`)
	calls := f.e.Calls()
	want := map[string]int{"POST /services/oauth2/token": 1, "GET " + v + "/limits": 2, "PATCH " + v + "/sobjects/Account/001000000000001AAA": 1}
	for k, n := range want {
		if calls[k] != n {
			t.Errorf("%s: %d calls, want %d (all: %v)", k, calls[k], n, calls)
		}
	}
	if len(calls) != len(want) {
		t.Errorf("calls %v, want only %v", calls, want)
	}
}
