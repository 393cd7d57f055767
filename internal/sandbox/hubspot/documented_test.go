package hubspot

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// The examples of PROTOCOLS.md §3, one test each.

// §3.1: /crm/v3/objects/{objectType} for the object types served; another
// type is refused.
func TestDocumentedObjectPaths(t *testing.T) {
	_, srv, _ := start(t, nil)
	for _, typ := range Objects {
		expect(t, call(t, srv, "GET", "/crm/v3/objects/"+typ, ""), 200, `"results":[]`)
	}
	b := expectError(t, call(t, srv, "GET", "/crm/v3/objects/tickets", ""), 400, "VALIDATION_ERROR")
	if !strings.Contains(b.Message, "tickets") {
		t.Errorf("message %q does not name the type", b.Message)
	}
	expectError(t, call(t, srv, "GET", "/crm/v4/objects/contacts", ""), 404, "OBJECT_NOT_FOUND")
}

// §3.2 and §3.5: a private app token has no expiry; a missing or wrong one is
// 401 with the error body, category INVALID_AUTHENTICATION.
func TestDocumentedPrivateAppToken(t *testing.T) {
	e, srv, clk := start(t, nil)
	clk.Add(400 * 24 * time.Hour)
	e.ExpireTokens()
	expect(t, call(t, srv, "GET", "/crm/v3/objects/contacts", ""), 200)
	for name, edit := range map[string]func(*http.Request){
		"missing": nil,
		"wrong":   func(r *http.Request) { r.Header.Set("Authorization", "Bearer nope") },
		"basic":   func(r *http.Request) { r.Header.Set("Authorization", "Basic "+token) },
	} {
		a := send(t, srv, "GET", "/crm/v3/objects/contacts", "", edit)
		if b := expectError(t, a, 401, "INVALID_AUTHENTICATION"); !strings.Contains(b.Message, "Authentication credentials not found") {
			t.Errorf("%s: message %q", name, b.Message)
		}
	}
}

// §3.2: POST /oauth/v1/token with the refresh_token grant answers
// {"access_token","refresh_token","token_type","expires_in"}; the access
// token works for 1800 s, then is 401 EXPIRED_AUTHENTICATION.
func TestDocumentedOAuthRefresh(t *testing.T) {
	e, srv, clk := start(t, nil)
	form := url.Values{"grant_type": {"refresh_token"}, "client_id": {"cid"}, "client_secret": {"secret"}, "refresh_token": {"rt-1"}}
	tok := oauthToken(t, srv, form.Encode())
	if tok.ExpiresIn != 1800 || tok.TokenType != "bearer" || tok.RefreshToken != "rt-1" || tok.AccessToken == "" {
		t.Fatalf("token answer %+v", tok)
	}
	bearer := func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+tok.AccessToken) }
	a := send(t, srv, "GET", "/crm/v3/objects/contacts", "", bearer)
	expect(t, a, 200)
	if a.header.Get(hdrDaily) != "" || a.header.Get(hdrDailyRemaining) != "" || a.header.Get(hdrMax) == "" {
		t.Errorf("OAuth answer headers %v: want burst headers and no daily ones", a.header)
	}
	clk.Add(AccessTokenTTL)
	expectError(t, send(t, srv, "GET", "/crm/v3/objects/contacts", "", bearer), 401, "EXPIRED_AUTHENTICATION")
	tok = oauthToken(t, srv, form.Encode())
	e.ExpireTokens()
	expectError(t, send(t, srv, "GET", "/crm/v3/objects/contacts", "", func(r *http.Request) {
		r.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	}), 401, "EXPIRED_AUTHENTICATION")
	for field, status := range map[string]string{"grant_type": "BAD_GRANT_TYPE", "client_id": "BAD_CLIENT_ID",
		"client_secret": "BAD_CLIENT_SECRET", "refresh_token": "BAD_REFRESH_TOKEN"} {
		bad := url.Values{}
		for k, v := range form {
			bad[k] = v
		}
		bad.Set(field, "wrong")
		expect(t, oauthPost(t, srv, bad.Encode(), "application/x-www-form-urlencoded"), 400, `"status":"`+status+`"`)
	}
	expect(t, oauthPost(t, srv, `{"grant_type":"refresh_token"}`, "application/json"), 400, `"status":"BAD_REQUEST"`)
}

type tokenAnswer struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in"`
}

func oauthToken(t *testing.T, srv *httptest.Server, form string) tokenAnswer {
	t.Helper()
	a := oauthPost(t, srv, form, "application/x-www-form-urlencoded")
	expect(t, a, 200)
	return decode[tokenAnswer](t, a)
}

// oauthPost posts a body of content type ctype to the token endpoint.
func oauthPost(t *testing.T, srv *httptest.Server, body, ctype string) answer {
	t.Helper()
	return send(t, srv, "POST", "/oauth/v1/token", body, func(r *http.Request) { r.Header.Set("Content-Type", ctype) })
}

// §3.3: a list answers {"results":[SimplePublicObject],"paging":{"next":
// {"after","link"}}}, all property values strings or null, paging absent on
// the last page; properties repeat; limit above 100 is 400.
func TestDocumentedListPaging(t *testing.T) {
	e, srv, _ := start(t, nil)
	for k := range 5 {
		put(t, e, "products", map[string]string{"hs_sku": fmt.Sprintf("SKU-%d", k), "name": "P", "price": "12.50"})
	}
	a := call(t, srv, "GET", "/crm/v3/objects/products?limit=2&properties=price&properties=hs_sku,description", "")
	expect(t, a, 200, `"price":"12.50"`, `"description":null`, `"hs_sku":"SKU-0"`, `"archived":false`, `"createdAt":"2026-02-01T10:30:00.123Z"`)
	l := decode[listing](t, a)
	var seen []string
	for l.Paging != nil {
		for _, r := range l.Results {
			seen = append(seen, r["id"].(string))
		}
		if !strings.Contains(l.Paging.Next.Link, "after="+url.QueryEscape(l.Paging.Next.After)) {
			t.Errorf("link %q lacks after %q", l.Paging.Next.Link, l.Paging.Next.After)
		}
		l = decode[listing](t, call(t, srv, "GET", "/crm/v3/objects/products?limit=2&after="+url.QueryEscape(l.Paging.Next.After), ""))
	}
	for _, r := range l.Results {
		seen = append(seen, r["id"].(string))
	}
	if len(seen) != 5 || strings.Contains(string(call(t, srv, "GET", "/crm/v3/objects/products?limit=5", "").body), `"paging"`) {
		t.Errorf("paged ids %v; a last page must have no paging", seen)
	}
	expectError(t, call(t, srv, "GET", "/crm/v3/objects/products?limit=101", ""), 400, "VALIDATION_ERROR")
	expectError(t, call(t, srv, "GET", "/crm/v3/objects/products?after=3", ""), 400, "VALIDATION_ERROR")
	b := expectError(t, call(t, srv, "GET", "/crm/v3/objects/products?properties=colour", ""), 400, "VALIDATION_ERROR")
	if len(b.Errors) != 1 || b.Errors[0].Code != "PROPERTY_DOESNT_EXIST" {
		t.Errorf("unknown property: %+v", b)
	}
}

// §3.3: archived=true lists archived objects (with archivedAt), the default
// only live ones; a read by id finds an archived one only with archived=true.
func TestDocumentedListArchived(t *testing.T) {
	e, srv, clk := start(t, nil)
	ids := put(t, e, "companies", map[string]string{"name": "A"}, map[string]string{"name": "B"})
	clk.Add(time.Minute)
	e.Delete("companies", ids[0])
	live := decode[listing](t, call(t, srv, "GET", "/crm/v3/objects/companies", ""))
	gone := decode[listing](t, call(t, srv, "GET", "/crm/v3/objects/companies?archived=true", ""))
	if len(live.Results) != 1 || live.Results[0]["id"] != ids[1] || len(gone.Results) != 1 || gone.Results[0]["archivedAt"] != "2026-02-01T10:31:00.123Z" {
		t.Errorf("live %v, archived %v", live.Results, gone.Results)
	}
	expectError(t, call(t, srv, "GET", "/crm/v3/objects/companies/"+ids[0], ""), 404, "OBJECT_NOT_FOUND")
	expect(t, call(t, srv, "GET", "/crm/v3/objects/companies/"+ids[0]+"?archived=true", ""), 200, `"archived":true`)
}

// §3.3: GET one object by id or by a unique idProperty; a property without
// unique values is refused.
func TestDocumentedReadByIDProperty(t *testing.T) {
	e, srv, _ := start(t, nil)
	ids := put(t, e, "contacts", map[string]string{"email": "anna@x.example", "firstname": "Anna"})
	expect(t, call(t, srv, "GET", "/crm/v3/objects/contacts/"+ids[0], ""), 200, `"firstname":"Anna"`, `"hs_object_id":"`+ids[0]+`"`)
	expect(t, call(t, srv, "GET", "/crm/v3/objects/contacts/anna@x.example?idProperty=email", ""), 200, `"id":"`+ids[0]+`"`)
	expectError(t, call(t, srv, "GET", "/crm/v3/objects/contacts/Anna?idProperty=firstname", ""), 400, "VALIDATION_ERROR")
	expectError(t, call(t, srv, "GET", "/crm/v3/objects/contacts/999", ""), 404, "OBJECT_NOT_FOUND")
}
