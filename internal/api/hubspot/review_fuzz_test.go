package hubspot

import (
	"encoding/json"
	"testing"
)

// FuzzReviewDecodePage: no page body panics the page decoder or the next
// link builder, and a page without its results array is never taken as
// empty.
func FuzzReviewDecodePage(f *testing.F) {
	f.Add([]byte(`{"results":[{"id":"1","properties":{"a":"b"}}],"paging":{"next":{"after":"x","link":"/crm/v3/objects/c?after=x"}}}`))
	f.Add([]byte(`{"results":null}`))
	f.Add([]byte(`{"paging":{"next":{}}}`))
	f.Add([]byte(`{"results":[],"total":5,"paging":{"next":{"link":"%zz"}}}`))
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := decodePage(body, "u")
		if err != nil {
			return
		}
		var raw map[string]json.RawMessage
		if json.Unmarshal(body, &raw) == nil && raw["results"] == nil {
			t.Fatalf("page without results accepted: %s", body)
		}
		_, _ = NextURL("https://api.hubapi.com/crm/v3/objects/companies?limit=100&properties=a", p)
		for _, r := range p.Results {
			var o Object
			if json.Unmarshal(r, &o) == nil {
				_ = o.Prop("a")
			}
		}
	})
}
