package sap

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// TestNullChangeTime: with NullChangeEvery, every n-th price has a null
// change time; $filter eq null and ne null select them as an OData server
// does, comparisons of null with a time are false except ne, and $orderby
// puts null first.
func TestNullChangeTime(t *testing.T) {
	s := New(catalog.New(10, 2), Credentials{User: "u", Password: "p"})
	s.SetMode(Mode{NullChangeEvery: 3})
	list := func(q url.Values) []map[string]any {
		t.Helper()
		req := httptest.NewRequest(http.MethodGet, PriceService+PriceSet+"?"+q.Encode(), nil)
		req.URL.RawQuery = strings.ReplaceAll(req.URL.RawQuery, "+", "%20")
		req.SetBasicAuth("u", "p")
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		var body struct{ Value []map[string]any }
		if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &body) != nil {
			t.Fatalf("%s: %d %s", q.Get("$filter"), rec.Code, rec.Body)
		}
		return body.Value
	}
	count := func(filter string) int { return len(list(url.Values{"$filter": {filter}})) }
	const t0 = "2000-01-01T00:00:00Z"
	for filter, want := range map[string]int{
		"LastChangeDateTime eq null": 4, "LastChangeDateTime ne null": 6,
		"LastChangeDateTime gt " + t0: 6, "LastChangeDateTime lt 2999-01-01T00:00:00Z": 6,
		"LastChangeDateTime ne " + t0: 10, "LastChangeDateTime eq " + t0: 0,
	} {
		if got := count(filter); got != want {
			t.Errorf("%s: %d rows, want %d", filter, got, want)
		}
	}
	rows := list(url.Values{"$orderby": {"LastChangeDateTime,ConditionRecord"}})
	for i, r := range rows {
		if (i < 4) != (r["LastChangeDateTime"] == nil) {
			t.Fatalf("row %d of the ordered list: change time %v; want the 4 nulls first", i, r["LastChangeDateTime"])
		}
	}
	if rows[0]["ConditionRecord"] != "0000000001" || rows[3]["ConditionRecord"] != "0000000010" {
		t.Errorf("nulls not ordered by key: %v … %v", rows[0]["ConditionRecord"], rows[3]["ConditionRecord"])
	}
}
