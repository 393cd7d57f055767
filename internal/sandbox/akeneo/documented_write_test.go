package akeneo

import (
	"encoding/json"
	"strings"
	"testing"
)

func lineResults(t *testing.T, out string) []map[string]any {
	t.Helper()
	var res []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		res = append(res, decodeBody(t, l))
	}
	return res
}

// §1.6: the three swagger examples of PATCH /products-uuid, line by line.
func TestDocCollectionPatchExamples(t *testing.T) {
	srv, s, cat := newDocServer(t, 10)
	existing := cat.UUID(2)
	body := `{"uuid":"` + existing + `","values":{"description":[{"scope":"ecommerce","locale":"en_US","data":"My amazing cap"}]}}
{"uuid":"573dd613-0c7f-4143-83d5-63cc5e535966","values":{"sku":[{"data":"updated_sku","locale":null,"scope":null}]}, "group":["promotion"]}
{"uuid":"25566245-55c3-42ce-86d9-8610ac459fa8","values":{"sku":[{"data":"new_product","locale":null,"scope":null}]},"family":"shirts"}
`
	resp, out := authed(t, srv, "PATCH", "/api/rest/v1/products-uuid", collectionType, body)
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != collectionType {
		t.Fatalf("status %d, content type %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	got := lineResults(t, out)
	want := []map[string]any{
		{"line": float64(1), "uuid": existing, "status_code": float64(204)},
		{"line": float64(2), "uuid": "573dd613-0c7f-4143-83d5-63cc5e535966", "status_code": float64(422), "message": `Property "group" does not exist.`},
		{"line": float64(3), "uuid": "25566245-55c3-42ce-86d9-8610ac459fa8", "status_code": float64(201)},
	}
	for i := range want {
		if !sameMap(got[i], want[i]) {
			t.Errorf("line %d: %v, want %v", i+1, got[i], want[i])
		}
	}
	if v, _ := s.Value(cat.SKU(2), "description"); v != "My amazing cap" {
		t.Errorf("description after line 1: %v", v)
	}
	// The created product is listed by uuid, its identifier is a value.
	_, one := authed(t, srv, "GET", "/api/rest/v1/products-uuid/25566245-55c3-42ce-86d9-8610ac459fa8", "", "")
	p := decodeBody(t, one)
	if p["family"] != "shirts" || p["values"].(map[string]any)["sku"].([]any)[0].(map[string]any)["data"] != "new_product" {
		t.Errorf("created product %v", p)
	}
	_, list := authed(t, srv, "GET", "/api/rest/v1/products-uuid?pagination_type=search_after&limit=100", "", "")
	if n := len(decodeBody(t, list)["_embedded"].(map[string]any)["items"].([]any)); n != 11 {
		t.Errorf("listing after one creation: %d products, want 11", n)
	}
}

func sameMap(a, b map[string]any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// §1.6: a line with an unknown uuid creates the product (201), with or
// without an identifier; a line without a uuid is rejected.
func TestDocPatchUnknownUUIDCreates(t *testing.T) {
	srv, s, _ := newDocServer(t, 3)
	body := `{"uuid":"0b6e3c5e-8f1a-4c1e-9d2b-1a2b3c4d5e6f","values":{"name":[{"locale":"en_US","scope":null,"data":"No identifier yet"}]}}
{"values":{"name":[{"locale":"en_US","scope":null,"data":"x"}]}}
`
	_, out := authed(t, srv, "PATCH", "/api/rest/v1/products-uuid", collectionType, body)
	got := lineResults(t, out)
	if got[0]["status_code"] != float64(201) || got[1]["status_code"] != float64(422) {
		t.Fatalf("statuses %v", got)
	}
	if s.Count() != 4 {
		t.Errorf("count %d after a creation, want 4", s.Count())
	}
	// The same line again updates it.
	_, out = authed(t, srv, "PATCH", "/api/rest/v1/products-uuid", collectionType, strings.SplitN(body, "\n", 2)[0])
	if got := lineResults(t, out); got[0]["status_code"] != float64(204) {
		t.Errorf("second write of the new product: %v", got)
	}
}

// §1.6 single writes: PATCH /products-uuid/{uuid} creates (201) or updates
// (204) with a Location header; POST creates.
func TestDocSingleWrites(t *testing.T) {
	srv, _, cat := newDocServer(t, 3)
	fresh := "7f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f"
	for _, c := range []struct {
		method, path, body string
		status             int
	}{
		{"PATCH", "/api/rest/v1/products-uuid/" + fresh, `{"values":{"sku":[{"locale":null,"scope":null,"data":"fresh"}]}}`, 201},
		{"PATCH", "/api/rest/v1/products-uuid/" + fresh, `{"enabled":false}`, 204},
		{"PATCH", "/api/rest/v1/products-uuid/" + cat.UUID(1), `{"values":{"color":[{"locale":null,"scope":null,"data":"red"}]}}`, 204},
		{"POST", "/api/rest/v1/products-uuid", `{"values":{"sku":[{"locale":null,"scope":null,"data":"posted"}]}}`, 201},
		{"POST", "/api/rest/v1/products-uuid", `{"uuid":"` + fresh + `"}`, 422},
	} {
		resp, body := authed(t, srv, c.method, c.path, "application/json", c.body)
		loc := resp.Header.Get("Location")
		if resp.StatusCode != c.status {
			t.Errorf("%s %s: %d %s; want %d", c.method, c.path, resp.StatusCode, body, c.status)
			continue
		}
		if c.status < 300 && (!strings.Contains(loc, "/api/rest/v1/products-uuid/") || body != "") {
			t.Errorf("%s %s: Location %q, body %q", c.method, c.path, loc, body)
		}
	}
}

// §1.6 PATCH semantics and §1.7 errors: values merge by (attribute, locale,
// scope), null erases, arrays are replaced; a rejected value names property,
// attribute, locale and scope; an unknown option gets the option message; a
// name in de_DE, a locale the PIM lists but no channel enables, is rejected.
func TestDocPatchSemanticsAndErrors(t *testing.T) {
	srv, s, cat := newDocServer(t, 3)
	u := cat.UUID(0)
	body := `{"uuid":"` + u + `","categories":["master_shoes"],"values":{"ean":[{"locale":null,"scope":null,"data":null}],"name":[{"locale":"en_US","scope":null,"data":"Hemd"}]}}
{"uuid":"` + u + `","values":{"color":[{"locale":null,"scope":null,"data":"chartreuse"}]}}
{"uuid":"` + u + `","values":{"description":[{"locale":"en_US","scope":"ecommerce","data":42}]}}
{"uuid":"` + u + `","values":{"color":[{"locale":null,"scope":null,"data":"Blue"}]}}
{"uuid":"` + u + `","values":{"name":[{"locale":"de_DE","scope":null,"data":"Hemd"}]}}
`
	_, out := authed(t, srv, "PATCH", "/api/rest/v1/products-uuid", collectionType, body)
	got := lineResults(t, out)
	if got[0]["status_code"] != float64(204) || got[3]["status_code"] != float64(204) {
		t.Fatalf("lines 1 and 4: %v", got)
	}
	if _, ok := s.Value(cat.SKU(0), "ean"); ok {
		t.Error("data null did not erase ean")
	}
	if v, _ := s.Value(cat.SKU(0), "name"); v != "Hemd" {
		t.Errorf("name after line 1: %v", v)
	}
	wantErr := []map[string]any{
		{"property": "values", "message": `Property "color" expects a valid code. The option "chartreuse" does not exist`, "attribute": "color", "locale": nil, "scope": nil},
		{"property": "values", "message": `Property "description" expects a string as data.`, "attribute": "description", "locale": "en_US", "scope": "ecommerce"},
		nil,
		{"property": "values", "message": `Attribute "name" expects an existing and activated locale, "de_DE" given.`, "attribute": "name", "locale": "de_DE", "scope": nil},
	}
	for i, line := range got[1:] {
		if wantErr[i] == nil {
			continue
		}
		errs, _ := line["errors"].([]any)
		if line["status_code"] != float64(422) || line["message"] != "Validation failed." || len(errs) != 1 || !sameMap(errs[0].(map[string]any), wantErr[i]) {
			t.Errorf("line %d: %v; want errors [%v]", i+2, line, wantErr[i])
		}
	}
	_, one := authed(t, srv, "GET", "/api/rest/v1/products-uuid/"+u, "", "")
	p := decodeBody(t, one)
	if cats := p["categories"].([]any); len(cats) != 1 || cats[0] != "master_shoes" {
		t.Errorf("categories not replaced: %v", cats)
	}
	vals := p["values"].(map[string]any)
	if names := vals["name"].([]any); len(names) != 1 || vals["description"] == nil || vals["color"] == nil {
		t.Errorf("values after merge: %v", vals)
	}
}

// §1.6 limits and content type of the collection PATCH on /products-uuid.
func TestDocCollectionLimits(t *testing.T) {
	srv, _, cat := newDocServer(t, 3)
	line := `{"uuid":"` + cat.UUID(0) + `"}` + "\n"
	for _, c := range []struct {
		ctype, body string
		status      int
		msg         string
	}{
		{"application/json", line, 415, "Only 'application/vnd.akeneo.collection+json' is allowed."},
		{collectionType, strings.Repeat(line, 101), 413, "Too many resources to process, 100 is the maximum allowed."},
		{collectionType, strings.Repeat(line, 100), 200, `"status_code":204`},
	} {
		resp, out := authed(t, srv, "PATCH", "/api/rest/v1/products-uuid", c.ctype, c.body)
		if resp.StatusCode != c.status || !strings.Contains(out, c.msg) {
			t.Errorf("%s, %d bytes: %d %.200s", c.ctype, len(c.body), resp.StatusCode, out)
		}
	}
}
