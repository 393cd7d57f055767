package dataverse

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The examples of PROTOCOLS.md §5 (and the §4 OData rules Dataverse follows),
// one test each.

func TestDocumentedTokenResponse(t *testing.T) {
	e := start(t, 0, nil)
	a := e.post(t, "/"+SandboxTenant+"/oauth2/v2.0/token", e.tokenForm())
	expect(t, a, 200, `"token_type":"Bearer"`)
	tok := decode[map[string]any](t, a)
	if tok["expires_in"].(interface{ String() string }).String() != "3599" || tok["access_token"] == "" || tok["ext_expires_in"] == nil {
		t.Errorf("token %v", tok)
	}
	if _, ok := tok["refresh_token"]; ok {
		t.Error("a client credentials token has no refresh token")
	}
}

func TestDocumentedTokenBasicAuth(t *testing.T) {
	e := start(t, 0, nil)
	form := e.tokenForm()
	form.Del("client_id")
	form.Del("client_secret")
	a := e.send(t, "POST", "/"+SandboxTenant+"/oauth2/v2.0/token", form.Encode(), func(r *http.Request) {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.SetBasicAuth(SandboxClientID, SandboxSecret)
	})
	expect(t, a, 200, `"access_token"`)
}

func TestDocumentedTokenInvalidScope(t *testing.T) {
	e := start(t, 0, nil)
	form := e.tokenForm()
	form.Set("scope", "https://other.crm4.dynamics.com/.default")
	a := e.post(t, "/"+SandboxTenant+"/oauth2/v2.0/token", form)
	expect(t, a, 400, `"error":"invalid_scope"`)
	body := decode[map[string]any](t, a)
	if !strings.HasPrefix(body["error_description"].(string), "AADSTS70011: ") || body["timestamp"] == nil ||
		body["trace_id"] == nil || body["correlation_id"] == nil {
		t.Errorf("body %v", body)
	}
	if codes := body["error_codes"].([]any); len(codes) != 1 || codes[0].(interface{ String() string }).String() != "70011" {
		t.Errorf("error_codes %v", codes)
	}
}

func TestDocumentedRequiredHeaders(t *testing.T) {
	e := start(t, 0, nil)
	expect(t, e.call(t, "GET", api+"systemusers", ""), 200, "")
	expect(t, e.call(t, "GET", api+"systemusers", "", "OData-MaxVersion: "), 400, "OData-MaxVersion")
	expect(t, e.call(t, "GET", api+"systemusers", "", "OData-Version: 4.01"), 400, "OData-Version")
	expect(t, e.call(t, "GET", api+"systemusers", "", "Accept: "), 400, "Accept")
}

func TestDocumentedCollectionPayload(t *testing.T) {
	e := start(t, 100, nil)
	a := e.call(t, "GET", api+"accounts?$select=name,accountnumber&$count=true", "")
	expect(t, a, 200, "")
	p := decode[page](t, a)
	if p.Context != e.srv.URL+api+"$metadata#accounts(name,accountnumber)" || p.Count == nil || *p.Count != 25 || len(p.Value) != 25 {
		t.Fatalf("context %q count %v rows %d", p.Context, p.Count, len(p.Value))
	}
	if !regexp.MustCompile(`^W/"\d+"$`).MatchString(p.Value[0]["@odata.etag"].(string)) || p.Value[0]["accountid"] == nil {
		t.Errorf("entity %v", p.Value[0])
	}
	if len(p.Value[0]) != 4 {
		t.Errorf("$select gave %v, want name, accountnumber, the key and the etag", p.Value[0])
	}
}

func TestDocumentedServerPaging(t *testing.T) {
	e := start(t, 100, nil)
	a := e.call(t, "GET", api+"accounts?$select=name", "", "Prefer: odata.maxpagesize=10")
	expect(t, a, 200, "")
	if got := a.header.Get("Preference-Applied"); got != "odata.maxpagesize=10" {
		t.Errorf("Preference-Applied %q", got)
	}
	seen := map[string]bool{}
	p := decode[page](t, a)
	for pages := 1; ; pages++ {
		for _, v := range p.Value {
			seen[v["accountid"].(string)] = true
		}
		if p.NextLink == "" {
			break
		}
		if !strings.Contains(p.NextLink, "$skiptoken=") || strings.Contains(p.NextLink, "+") {
			t.Fatalf("nextLink %q", p.NextLink)
		}
		p = decode[page](t, e.call(t, "GET", p.NextLink, "", "Prefer: odata.maxpagesize=10"))
	}
	if len(seen) != 25 {
		t.Errorf("paging saw %d accounts, want 25", len(seen))
	}
}

func TestDocumentedSamePageSizeOnEveryPage(t *testing.T) {
	e := start(t, 100, nil)
	p := decode[page](t, e.call(t, "GET", api+"accounts", "", "Prefer: odata.maxpagesize=10"))
	expect(t, e.call(t, "GET", p.NextLink, "", "Prefer: odata.maxpagesize=20"), 400, "odata.maxpagesize")
	expect(t, e.call(t, "GET", p.NextLink, ""), 400, "odata.maxpagesize")
	expect(t, e.call(t, "GET", api+"accounts", "", "Prefer: odata.maxpagesize=5001"), 400, "odata.maxpagesize")
}

func TestDocumentedSkipNotSupported(t *testing.T) {
	e := start(t, 100, nil)
	expect(t, e.call(t, "GET", api+"accounts?$skip=10", ""), 400, `"message":"The query parameter $skip is not supported"`)
}

func TestDocumentedPlusIsNotWhitespace(t *testing.T) {
	e := start(t, 100, nil)
	expect(t, e.call(t, "GET", api+"accounts?$filter=name+eq+'x'", ""), 400, "'+' found")
	expect(t, e.call(t, "GET", api+"accounts?$filter=name%20eq%20'x'", ""), 200, "")
}

func TestDocumentedIncrementalByModifiedOn(t *testing.T) {
	e := start(t, 100, nil)
	e.clk.t = fixedNow.Add(30 * time.Minute)
	if _, err := e.em.Put("accounts", AccountID(3), map[string]any{"name": "Renamed"}); err != nil {
		t.Fatal(err)
	}
	f := url.PathEscape("modifiedon gt " + fixedNow.Format(time.RFC3339))
	p := decode[page](t, e.call(t, "GET", api+"accounts?$select=name,modifiedon&$filter="+f, ""))
	if len(p.Value) != 1 || p.Value[0]["name"] != "Renamed" || p.Value[0]["modifiedon"] != "2026-02-01T11:00:00Z" {
		t.Errorf("changed since the clock: %v", p.Value)
	}
}
