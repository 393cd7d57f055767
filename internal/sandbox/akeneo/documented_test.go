package akeneo

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

// The tests in this file replay the request/response examples of
// PROTOCOLS.md §1 (Akeneo) against the emulator, section by section.

func newDocServer(t *testing.T, n int) (*httptest.Server, *Server, *catalog.Catalog) {
	t.Helper()
	cat := catalog.New(n, 1)
	s := New(cat, creds)
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return srv, s, cat
}

func decodeBody(t *testing.T, body string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatalf("body is not a JSON object: %v\n%s", err, body)
	}
	return m
}

// §1.1: the root lists endpoints without authentication; content negotiation.
func TestDocOverviewAndContentTypes(t *testing.T) {
	srv, _, _ := newDocServer(t, 5)
	resp, err := http.Get(srv.URL + "/api/rest/v1")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("GET /api/rest/v1 without auth: %v %v", resp.StatusCode, err)
	}
	resp.Body.Close()
	req, _ := http.NewRequest("GET", srv.URL+"/api/rest/v1/products-uuid", nil)
	_, tok := token(t, srv, url.Values{"grant_type": {"password"}, "username": {"u"}, "password": {"p"}})
	req.Header.Set("Authorization", "Bearer "+tok["access_token"].(string))
	req.Header.Set("Accept", "application/xml")
	resp, err = http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 406 {
		t.Fatalf("Accept application/xml: %v %v; want 406", resp.StatusCode, err)
	}
	resp.Body.Close()
	single := "/api/rest/v1/products-uuid/" + catalog.New(5, 1).UUID(0)
	for _, c := range []struct{ ctype, msg string }{{"", "The 'Content-type' header is missing."}, {"text/plain", "Only 'application/json' is allowed."}} {
		resp, body := authed(t, srv, "PATCH", single, c.ctype, `{}`)
		if resp.StatusCode != 415 || !strings.Contains(body, c.msg) {
			t.Errorf("single PATCH with content type %q: %d %s", c.ctype, resp.StatusCode, body)
		}
	}
}

// §1.2: the token response, JSON or form bodies, Bearer required, bad client.
func TestDocAuthentication(t *testing.T) {
	srv, _, _ := newDocServer(t, 5)
	req, _ := http.NewRequest("POST", srv.URL+"/api/oauth/v1/token", strings.NewReader(`{"grant_type":"password","username":"u","password":"p"}`))
	req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte("c:s")))
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("JSON token request: %v %v", resp.StatusCode, err)
	}
	var tok map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()
	if tok["expires_in"] != float64(3600) || tok["token_type"] != "bearer" || tok["scope"] != nil || tok["access_token"] == "" || tok["refresh_token"] == "" {
		t.Errorf("token response %v", tok)
	}
	if _, ok := tok["scope"]; !ok {
		t.Errorf("token response lacks scope: %v", tok)
	}
	req, _ = http.NewRequest("GET", srv.URL+"/api/rest/v1/products-uuid", nil)
	resp, _ = http.DefaultClient.Do(req)
	var b map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&b)
	resp.Body.Close()
	if resp.StatusCode != 401 || b["message"] != "Authentication is required" || b["code"] != float64(401) {
		t.Errorf("no bearer: %d %v", resp.StatusCode, b)
	}
	req, _ = http.NewRequest("POST", srv.URL+"/api/oauth/v1/token", strings.NewReader(`grant_type=password&username=u&password=p`))
	req.SetBasicAuth("c", "wrong")
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, _ = http.DefaultClient.Do(req)
	_ = json.NewDecoder(resp.Body).Decode(&b)
	resp.Body.Close()
	if resp.StatusCode != 422 || b["message"] != `Parameter "client_id" is missing or does not match any client, or secret is invalid` {
		t.Errorf("bad secret: %d %v", resp.StatusCode, b)
	}
}

// §1.3: page size limits, offset and search_after bodies, item self links.
func TestDocPagination(t *testing.T) {
	srv, _, _ := newDocServer(t, 25)
	get := func(path string) (int, map[string]any) {
		resp, body := authed(t, srv, "GET", path, "", "")
		return resp.StatusCode, decodeBody(t, body)
	}
	code, b := get("/api/rest/v1/products-uuid")
	if items := b["_embedded"].(map[string]any)["items"].([]any); code != 200 || len(items) != 10 {
		t.Errorf("default limit: %d, %d items; want 10", code, len(items))
	}
	links := b["_links"].(map[string]any)
	if b["current_page"] != float64(1) || links["self"] == nil || links["first"] == nil || links["next"] == nil || links["previous"] != nil {
		t.Errorf("first offset page: %v", b)
	}
	code, b = get("/api/rest/v1/products-uuid?page=3&limit=10&with_count=true")
	links = b["_links"].(map[string]any)
	if code != 200 || links["next"] != nil || links["previous"] == nil || b["items_count"] != float64(25) || b["current_page"] != float64(3) {
		t.Errorf("last offset page: %v", b)
	}
	if code, b = get("/api/rest/v1/products-uuid?page=101&limit=100"); code != 422 || !strings.HasPrefix(b["message"].(string), `You have reached the maximum number of pages you can retrieve with the "page" pagination type`) {
		t.Errorf("page 101: %d %v", code, b)
	}
	if code, b = get("/api/rest/v1/products-uuid?limit=101"); code != 422 || b["message"] != "You cannot request more than 100 items." {
		t.Errorf("limit 101: %d %v", code, b)
	}
	link, pages := "/api/rest/v1/products-uuid?pagination_type=search_after&limit=10", 0
	for link != "" {
		code, b = get(link)
		pages++
		if code != 200 || b["current_page"] != nil || b["items_count"] != nil {
			t.Fatalf("search_after page: %d %v", code, b)
		}
		links = b["_links"].(map[string]any)
		if links["self"] == nil || links["first"] == nil || links["previous"] != nil {
			t.Fatalf("search_after links: %v", links)
		}
		for _, it := range b["_embedded"].(map[string]any)["items"].([]any) {
			if self := it.(map[string]any)["_links"].(map[string]any)["self"].(map[string]any)["href"]; !strings.Contains(self.(string), "/api/rest/v1/products-uuid/") {
				t.Fatalf("item self link %v", self)
			}
		}
		link = ""
		if n, ok := links["next"].(map[string]any); ok {
			link = strings.TrimPrefix(n["href"].(string), srv.URL)
		}
	}
	if pages != 3 {
		t.Errorf("search_after over 25 products by 10: %d pages, want 3", pages)
	}
}

// §1.4: the search filter, its operators and the absence of >=.
func TestDocFilters(t *testing.T) {
	srv, s, cat := newDocServer(t, 40)
	s.SetClock(func() time.Time { return cat.Base })
	count := func(search string) (int, int) {
		resp, body := authed(t, srv, "GET", "/api/rest/v1/products-uuid?limit=100&search="+url.QueryEscape(search), "", "")
		if resp.StatusCode != 200 {
			return resp.StatusCode, -1
		}
		return 200, len(decodeBody(t, body)["_embedded"].(map[string]any)["items"].([]any))
	}
	mid := cat.Updated(20).UTC().Format("2006-01-02 15:04:05")
	cases := []struct {
		search string
		status int
		check  func(n int) bool
	}{
		{`{"updated":[{"operator":">","value":"2024-05-01 00:00:00"}]}`, 200, func(n int) bool { return n == 40 }},
		{`{"updated":[{"operator":">","value":"` + mid + `"}]}`, 200, func(n int) bool { return n > 0 && n < 40 }},
		{`{"updated":[{"operator":">=","value":"` + mid + `"}]}`, 422, nil},
		{`{"updated":[{"operator":"BETWEEN","value":["2000-01-01 00:00:00","` + mid + `"]}]}`, 200, func(n int) bool { return n > 0 && n < 40 }},
		{`{"updated":[{"operator":"SINCE LAST N DAYS","value":36500}]}`, 200, func(n int) bool { return n == 40 }},
		{`{"enabled":[{"operator":"=","value":true}]}`, 200, func(n int) bool { return n == 40 }},
		{`{"family":[{"operator":"IN","value":["shirts","shoes"]}],"enabled":[{"operator":"=","value":true}]}`, 200, func(n int) bool { return n > 0 && n < 40 }},
		{`{"uuid":[{"operator":"IN","value":["` + cat.UUID(3) + `","` + cat.UUID(4) + `"]}]}`, 200, func(n int) bool { return n == 2 }},
		{`{"sku":[{"operator":"IN","value":["` + cat.SKU(3) + `"]}]}`, 200, func(n int) bool { return n == 1 }},
		{`{"parent":[{"operator":"NOT EMPTY"}]}`, 200, func(n int) bool { return n > 0 && n < 40 }},
	}
	for _, c := range cases {
		status, n := count(c.search)
		if status != c.status || (c.check != nil && !c.check(n)) {
			t.Errorf("search %s: %d, %d items", c.search, status, n)
		}
	}
}

// §1.5: the product format on /products-uuid, variants and their models.
func TestDocProductFormat(t *testing.T) {
	srv, _, _ := newDocServer(t, 40)
	_, body := authed(t, srv, "GET", "/api/rest/v1/products-uuid?limit=40", "", "")
	variants := 0
	for _, it := range decodeBody(t, body)["_embedded"].(map[string]any)["items"].([]any) {
		p := it.(map[string]any)
		for _, k := range []string{"uuid", "enabled", "family", "parent", "categories", "groups", "values", "associations", "quantified_associations", "created", "updated"} {
			if _, ok := p[k]; !ok {
				t.Fatalf("item lacks %q: %v", k, p)
			}
		}
		if _, ok := p["identifier"]; ok {
			t.Fatalf("a /products-uuid item has identifier: %v", p)
		}
		sku := p["values"].(map[string]any)["sku"].([]any)[0].(map[string]any)
		if sku["locale"] != nil || sku["scope"] != nil || sku["data"] == "" {
			t.Fatalf("identifier value %v", sku)
		}
		if parent, ok := p["parent"].(string); ok {
			variants++
			resp, mb := authed(t, srv, "GET", "/api/rest/v1/product-models/"+parent, "", "")
			m := decodeBody(t, mb)
			if resp.StatusCode != 200 || m["code"] != parent || m["family"] != p["family"] || m["family_variant"] == nil {
				t.Fatalf("model %s of a variant: %d %v", parent, resp.StatusCode, m)
			}
		}
	}
	if variants == 0 {
		t.Error("no listed product is a variant with a parent")
	}
}
