package salsify

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestUpsertValueRules(t *testing.T) {
	s, srv := start(t, 20)
	body := `[{"Product ID":"SKU-0000001","Description":null,"Tags":["a","b"],"Single":["x"],"Empty":[],"Color":"red",
		"salsify:updated_at":"1999-01-01T00:00:00.000Z","salsify:version":99,"Weight":[1.500],"Flag":true}]`
	expect(t, call(t, srv, "PUT", base+"/products/_upsert", body), 200, "")
	want := map[string]any{"Tags": []any{"a", "b"}, "Single": "x", "Color": "red", "Weight": json.Number("1.500"), "Flag": true}
	for prop, v := range want {
		if got, _ := s.Value("SKU-0000001", prop); !jsonEqual(got, v) {
			t.Errorf("%s = %#v, want %#v", prop, got, v)
		}
	}
	for _, prop := range []string{"Description", "Empty"} {
		if v, ok := s.Value("SKU-0000001", prop); ok {
			t.Errorf("%s = %v, want no value", prop, v)
		}
	}
	doc := decode[map[string]any](t, call(t, srv, "GET", base+"/products/SKU-0000001", ""))
	if doc["salsify:updated_at"] != "2026-02-01T10:30:00.123Z" || doc["salsify:version"] != json.Number("2") {
		t.Errorf("system fields were written or not moved: %v %v", doc["salsify:updated_at"], doc["salsify:version"])
	}
}

func TestWriteItemErrors(t *testing.T) {
	_, srv := start(t, 20)
	cases := []struct{ item, err string }{
		{`{"Product Name":"x"}`, "Missing required property Product ID"},
		{`{"Product ID":""}`, "Product ID must be a non-empty string"},
		{`{"Product ID":12}`, "Product ID must be a non-empty string"},
		{`{"Product ID":"_x"}`, "Product ID value cannot begin with =, _ or salsify"},
		{`{"Product ID":"salsify-1"}`, "Product ID value cannot begin with =, _ or salsify"},
		{`{"Product ID":"SKU-0000001","Price":"12.50"}`, `Property Price is a number property and cannot take the value \"12.50\"`},
		{`{"Product ID":"SKU-0000001","Weight":[1,"2"]}`, `Property Weight is a number property and cannot take the value \"2\"`},
		{`{"Product ID":"SKU-0000001","Color":{"code":"red"}}`, "Property Color: a value must be a string, a number, a boolean or an array of them"},
		{`{"Product ID":"SKU-0000001"," ":"x"}`, "Property ids cannot be blank"},
		{`"SKU-0000001"`, "A product must be a JSON object"},
	}
	for _, c := range cases {
		expect(t, call(t, srv, "PUT", base+"/products/_upsert", "["+c.item+"]"), 422, `{"errors":[["`+c.err+`"]]}`)
	}
	expect(t, call(t, srv, "PUT", base+"/products/_upsert", `[{"Product ID":"N1"},{"Product ID":"N1"}]`), 422,
		`{"errors":[[],["Product ID N1 appears more than once in this request"]]}`)
}

func TestWriteBodyErrors(t *testing.T) {
	_, srv := start(t, 5)
	for _, c := range []struct {
		method, path, ctype, body string
		status                    int
	}{
		{"PUT", "/products/_upsert", "", `[{"Product ID":"A"}]`, 400},
		{"PUT", "/products/_upsert", "text/plain", `[{"Product ID":"A"}]`, 400},
		{"PUT", "/products/_upsert", "application/json", `{"Product ID":"A"}`, 400},
		{"PUT", "/products/_upsert", "application/json", `[{"Product ID":"A"}`, 400},
		{"PUT", "/products/_upsert", "application/json", `[] []`, 400},
		{"POST", "/products", "application/json", `{}`, 400},
		{"PUT", "/products/SKU-0000001", "application/json", `{"Color":`, 400},
		{"PUT", "/products/SKU-0000001", "application/json", `[{"Color":"red"}]`, 422},
		{"PUT", "/products/SKU-0000001", "application/json", `{"Product ID":"SKU-0000002"}`, 422},
		{"PUT", "/products/SKU-0000001", "application/json", strings.Repeat(" ", maxBody+1), 413},
		{"PATCH", "/products/SKU-0000001", "application/json", `{}`, 404},
	} {
		a := send(t, srv, c.method, base+c.path, c.body, func(r *http.Request) {
			r.Header.Set("Authorization", "Bearer "+SandboxToken)
			r.Header.Set("Content-Type", c.ctype)
		})
		if a.status != c.status || !strings.Contains(string(a.body), `"errors":[`) {
			t.Errorf("%s %s %q %.40q: %d %s, want %d with errors", c.method, c.path, c.ctype, c.body, a.status, a.body, c.status)
		}
	}
}

func TestUnchangedWriteKeepsTimeAndVersion(t *testing.T) {
	s, srv := start(t, 5)
	p := s.cat.PIM(1)
	body := `[{"Product ID":"` + p.SKU + `","Color":"` + p.Color + `","Price":` + p.Price + `}]`
	a := call(t, srv, "PUT", base+"/products/_upsert", body)
	expect(t, a, 200, "")
	doc := decode[[]map[string]any](t, a)[0]
	if doc["salsify:version"] != json.Number("1") || doc["salsify:updated_at"] != s.cat.Updated(1).Format("2006-01-02T15:04:05.000Z") {
		t.Errorf("a write of the values held moved the product: %v %v", doc["salsify:version"], doc["salsify:updated_at"])
	}
	if s.Writes()[p.SKU] != 1 {
		t.Errorf("writes %v: an accepted item counts even when it changes nothing", s.Writes())
	}
}

func TestSingleWriteMovesTimeAndVersion(t *testing.T) {
	s, srv := start(t, 5)
	now := fixedNow
	s.SetClock(func() time.Time { return now })
	expect(t, call(t, srv, "PUT", base+"/products/SKU-0000002", `{"Description Draft":"A draft."}`), 204, "")
	now = now.Add(1500 * time.Millisecond)
	expect(t, call(t, srv, "PUT", base+"/products/SKU-0000002", `{"Description Draft":"Another draft.","salsify:id":"ignored"}`), 204, "")
	doc := decode[map[string]any](t, call(t, srv, "GET", base+"/products/SKU-0000002", ""))
	if doc["Description Draft"] != "Another draft." || doc["salsify:version"] != json.Number("3") ||
		doc["salsify:updated_at"] != "2026-02-01T10:30:01.623Z" || doc["salsify:id"] != "SKU-0000002" {
		t.Errorf("after two writes: %v", doc)
	}
}

func TestDestroyedProductStartsAfreshOnUpsert(t *testing.T) {
	s, srv := start(t, 5)
	s.Delete("SKU-0000003")
	expect(t, call(t, srv, "PUT", base+"/products", `[{"Product ID":"SKU-0000003","Color":"red"}]`), 422,
		`{"errors":[["Product 'SKU-0000003' does not exist."]]}`)
	expect(t, call(t, srv, "PUT", base+"/products/SKU-0000003", `{"Color":"red"}`), 404, "")
	a := call(t, srv, "PUT", base+"/products/_upsert", `[{"Product ID":"SKU-0000003","Color":"red"}]`)
	expect(t, a, 200, "")
	doc := decode[[]map[string]any](t, a)[0]
	if _, gone := doc["salsify:destroyed_at"]; gone || doc["Color"] != "red" || doc["EAN"] != nil || doc["salsify:version"] != json.Number("0") {
		t.Errorf("revived product %v", doc)
	}
	if s.Count() != 5 {
		t.Errorf("count %d, want 5: a revived product keeps its place", s.Count())
	}
}
