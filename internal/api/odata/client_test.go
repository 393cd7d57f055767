package odata

import (
	"encoding/json"
	"testing"
)

func TestParsePage(t *testing.T) {
	var body map[string]json.RawMessage
	_ = json.Unmarshal([]byte(`{"@odata.context":"$metadata#P","value":[{"a":1}],"@odata.nextLink":"P?$skiptoken=x","@odata.count":7}`), &body)
	p, err := parsePage(body, "u")
	if err != nil || len(p.Value) != 1 || p.NextLink != "P?$skiptoken=x" || *p.Count != 7 {
		t.Fatalf("%+v %v", p, err)
	}
	_ = json.Unmarshal([]byte(`{"value":[],"@nextLink":"n2","@count":0}`), &body)
	if p, err := parsePage(body, "u"); err != nil || p.NextLink != "n2" {
		t.Fatalf("OData 4.01 annotations: %+v %v", p, err)
	}
	for _, bad := range []string{`{"d":{"results":[]}}`, `{"value":{}}`, `{"value":[],"@odata.nextLink":5}`, `{"value":null}`, `{"value": null }`, `{}`} {
		body = nil
		_ = json.Unmarshal([]byte(bad), &body)
		if _, err := parsePage(body, "u"); err == nil {
			t.Errorf("%s was accepted as a page", bad)
		}
	}
}

func FuzzParsePage(f *testing.F) {
	f.Add([]byte(`{"value":[{"a":1}],"@odata.nextLink":"x"}`))
	f.Add([]byte(`{"value":null}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var body map[string]json.RawMessage
		if json.Unmarshal(b, &body) != nil {
			return
		}
		p, err := parsePage(body, "u")
		if err == nil && p.Value == nil {
			t.Fatalf("page without values accepted: %s", b)
		}
	})
}
