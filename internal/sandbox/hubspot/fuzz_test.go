package hubspot

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// fuzzPortal is a portal with a few records and limits out of the way.
func fuzzPortal(f *testing.F) *Emulator {
	e := New(Options{Tokens: []string{token}, Owners: RepOwners(), SearchPerSecond: 1 << 30, BurstMax: 1 << 30, DailyMax: 1 << 30})
	for _, p := range []map[string]string{{"email": "a@x.example", "firstname": "Anna", "steward_score": "12.5"},
		{"email": "b@y.example", "lastname": "B"}, {"firstname": "C"}} {
		if _, err := e.Put("contacts", p); err != nil {
			f.Fatal(err)
		}
	}
	return e
}

// serve sends one request with the token to e.
func serve(e *Emulator, method, target, body string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	r.Header.Set("Authorization", "Bearer "+token)
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	e.ServeHTTP(w, r)
	return w
}

// FuzzSearch posts arbitrary search bodies: 200 or a 4xx, never a panic.
func FuzzSearch(f *testing.F) {
	for _, s := range []string{`{"filterGroups":[{"filters":[{"propertyName":"email","operator":"CONTAINS_TOKEN","value":"*@x.example"}]}]}`,
		`{"filterGroups":[{"filters":[{"propertyName":"steward_score","operator":"BETWEEN","value":"1","highValue":"1e3"}]}],"sorts":["lastmodifieddate"]}`,
		`{"sorts":[{"propertyName":"firstname","direction":"DESCENDING"}],"limit":1,"after":"1","query":"ann"}`,
		`{"filterGroups":[{"filters":[{"propertyName":"createdate","operator":"IN","values":["0","2026-01-01"]}]}]}`} {
		f.Add(s)
	}
	e := fuzzPortal(f)
	f.Fuzz(func(t *testing.T, body string) {
		w := serve(e, "POST", "/crm/v3/objects/contacts/search", body)
		if w.Code != 200 && (w.Code < 400 || w.Code >= 500) {
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
	})
}

// FuzzList sends arbitrary list queries: 200 or a 4xx, never a panic.
func FuzzList(f *testing.F) {
	for _, s := range []string{"limit=2&after=" + encodeAfter(102), "properties=email,firstname&archived=true", "limit=x", "after=%%"} {
		f.Add(s)
	}
	e := fuzzPortal(f)
	f.Fuzz(func(t *testing.T, q string) {
		if _, err := url.ParseRequestURI("/crm/v3/objects/contacts?" + q); err != nil || strings.ContainsAny(q, " #") {
			return // no HTTP client could send it
		}
		w := serve(e, "GET", "/crm/v3/objects/contacts?"+q, "")
		if w.Code != 200 && (w.Code < 400 || w.Code >= 500) {
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
	})
}

// FuzzBatch posts arbitrary bodies to every batch endpoint: 2xx or 4xx,
// never a panic.
func FuzzBatch(f *testing.F) {
	f.Add("upsert", `{"inputs":[{"idProperty":"email","id":"a@x.example","properties":{"firstname":"A"}}]}`)
	f.Add("create", `{"inputs":[{"properties":{"email":"n@x.example","hubspot_owner_id":"70000001"}}]}`)
	f.Add("read", `{"inputs":[{"id":"101"}],"idProperty":"hs_object_id","properties":["email"]}`)
	f.Add("update", `{"inputs":[{"id":"102","properties":{"steward_score":"1.5"}}]}`)
	f.Add("archive", `{"inputs":[{"id":"103"}]}`)
	e := fuzzPortal(f)
	f.Fuzz(func(t *testing.T, op, body string) {
		if _, err := url.ParseRequestURI("/crm/v3/objects/contacts/batch/" + op); err != nil || strings.ContainsAny(op, "/?#% ") || op == "" {
			return // no HTTP client could send it
		}
		w := serve(e, "POST", "/crm/v3/objects/contacts/batch/"+op, body)
		if w.Code >= 500 {
			t.Fatalf("status %d: %s", w.Code, w.Body)
		}
	})
}
