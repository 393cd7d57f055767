package akeneo

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

var creds = Credentials{ClientID: "c", Secret: "s", Username: "u", Password: "p"}

func token(t *testing.T, srv *httptest.Server, form url.Values) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/oauth/v1/token", strings.NewReader(form.Encode()))
	req.SetBasicAuth(creds.ClientID, creds.Secret)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&body)
	return resp.StatusCode, body
}

func TestTokenRotation(t *testing.T) {
	srv := httptest.NewServer(New(catalog.New(10, 1), creds))
	defer srv.Close()
	code, body := token(t, srv, url.Values{"grant_type": {"password"}, "username": {"u"}, "password": {"p"}})
	if code != 200 || body["refresh_token"] == nil {
		t.Fatalf("password grant: %d %v", code, body)
	}
	rt := body["refresh_token"].(string)
	if code, _ := token(t, srv, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}}); code != 200 {
		t.Fatalf("refresh: %d", code)
	}
	if code, _ := token(t, srv, url.Values{"grant_type": {"refresh_token"}, "refresh_token": {rt}}); code != 422 {
		t.Fatalf("a used refresh token was accepted again: %d", code)
	}
	if code, body := token(t, srv, url.Values{"grant_type": {"password"}, "username": {"u"}, "password": {"wrong"}}); code != 422 {
		t.Fatalf("bad password: %d %v", code, body)
	}
}

func authed(t *testing.T, srv *httptest.Server, method, path, ctype, body string) (*http.Response, string) {
	t.Helper()
	_, tok := token(t, srv, url.Values{"grant_type": {"password"}, "username": {"u"}, "password": {"p"}})
	req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+tok["access_token"].(string))
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b := new(strings.Builder)
	_, _ = io.Copy(b, resp.Body)
	return resp, b.String()
}

func TestDocumentedErrors(t *testing.T) {
	srv := httptest.NewServer(New(catalog.New(10, 1), creds))
	defer srv.Close()
	cases := []struct {
		method, path, ctype, body string
		status                    int
		msg                       string
	}{
		{"GET", "/api/rest/v1/products-uuid?limit=101", "", "", 422, "You cannot request more than 100 items."},
		{"GET", "/api/rest/v1/products-uuid?search=%7Bbad", "", "", 422, "Search query parameter should be valid JSON."},
		{"PATCH", "/api/rest/v1/products", "application/json", "{}", 415, "Only 'application/vnd.akeneo.collection+json' is allowed."},
		{"PATCH", "/api/rest/v1/products", "", "{}", 415, "The 'Content-type' header is missing."},
		{"PATCH", "/api/rest/v1/products", collectionType, strings.Repeat("{\"identifier\":\"x\"}\n", 101), 413, "Too many resources to process, 100 is the maximum allowed."},
	}
	for _, c := range cases {
		resp, body := authed(t, srv, c.method, c.path, c.ctype, c.body)
		if resp.StatusCode != c.status || !strings.Contains(body, c.msg) {
			t.Errorf("%s %s: %d %s; want %d %q", c.method, c.path, resp.StatusCode, body, c.status, c.msg)
		}
	}
	req, _ := http.NewRequest("GET", srv.URL+"/api/rest/v1/products-uuid", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 401 {
		t.Errorf("no token: %v %v", resp.StatusCode, err)
	}
}

func TestPatchPerLineStatuses(t *testing.T) {
	cat := catalog.New(10, 1)
	srv := httptest.NewServer(New(cat, creds))
	defer srv.Close()
	body := `{"identifier":"` + cat.SKU(0) + `","values":{"price":[{"locale":null,"scope":null,"data":[{"amount":"9.99","currency":"EUR"}]}]}}
{"identifier":"` + cat.SKU(1) + `","values":{"nope":[{"locale":null,"scope":null,"data":"x"}]}}
{"identifier":"NEW-1","values":{"name":[{"locale":"en_US","scope":null,"data":"n"}]}}
{"identifier":"` + cat.SKU(2) + `","values":{"price":[{"locale":null,"scope":null,"data":[{"amount":"x","currency":"EUR"}]}]}}
`
	resp, out := authed(t, srv, "PATCH", "/api/rest/v1/products", collectionType, body)
	if resp.StatusCode != 200 {
		t.Fatalf("status %d", resp.StatusCode)
	}
	var statuses []int
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var r lineResult
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatal(err)
		}
		statuses = append(statuses, r.StatusCode)
	}
	if want := []int{204, 422, 201, 422}; !equal(statuses, want) {
		t.Errorf("statuses %v, want %v\n%s", statuses, want, out)
	}
}

func equal(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
