package salesforce

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The examples of PROTOCOLS.md §2 (auth, query, limits, errors), one test each.

func TestDocumentedVersionedBase(t *testing.T) {
	f := start(t, 0)
	expect(t, f.call(t, "GET", v+"/limits", ""), 200, "")
	for _, bad := range []string{"/services/data/v59.5/limits", "/services/data/v99.0/limits", "/services/data/59.0/limits", "/services/data/v059.0/limits"} {
		a := f.call(t, "GET", bad, "")
		expect(t, a, 404, `[{"message":"The requested resource does not exist","errorCode":"NOT_FOUND"}]`)
	}
}

func TestDocumentedClientCredentialsBody(t *testing.T) {
	f := start(t, 0)
	a := f.form(t, url.Values{"grant_type": {"client_credentials"}, "client_id": {testID}, "client_secret": {testSecret}})
	expect(t, a, 200, "")
	var body map[string]any
	_ = json.Unmarshal(a.body, &body)
	for _, k := range []string{"access_token", "signature", "scope", "instance_url", "id", "token_type", "issued_at"} {
		if _, ok := body[k]; !ok {
			t.Errorf("token body lacks %s: %s", k, a.body)
		}
	}
	if _, ok := body["expires_in"]; ok || len(body) != 7 {
		t.Errorf("token body %s: want exactly the seven documented keys, no expires_in", a.body)
	}
	if body["token_type"] != "Bearer" || body["instance_url"] != f.srv.URL ||
		body["issued_at"] != strconv.FormatInt(fixedNow.UnixMilli(), 10) {
		t.Errorf("token body %s", a.body)
	}
}

func TestDocumentedClientCredentialsBasic(t *testing.T) {
	f := start(t, 0)
	basic := func(id, secret string) func(*http.Request) {
		return func(r *http.Request) { r.SetBasicAuth(id, secret) }
	}
	expect(t, f.form(t, url.Values{"grant_type": {"client_credentials"}}, basic(testID, testSecret)), 200, "")
	expect(t, f.form(t, url.Values{"grant_type": {"client_credentials"}}, basic(testID, "wrong")), 400,
		`{"error":"invalid_client","error_description":"invalid client credentials"}`)
	expect(t, f.form(t, url.Values{"grant_type": {"client_credentials"}}, basic("nobody", testSecret)), 400,
		`{"error":"invalid_client_id","error_description":"client identifier invalid"}`)
}

func TestDocumentedJWTBearer(t *testing.T) {
	f := start(t, 0)
	claims := func(edit func(map[string]any)) url.Values {
		c := map[string]any{"iss": testID, "sub": RepEmail(2), "aud": "https://login.salesforce.com",
			"exp": fixedNow.Add(2 * time.Minute).Unix()}
		edit(c)
		return url.Values{"grant_type": {grantJWT}, "assertion": {jwt(t, key(), c)}}
	}
	ok := f.form(t, claims(func(map[string]any) {}))
	expect(t, ok, 200, "")
	tok := decode[tokenBody](t, ok)
	if !strings.HasSuffix(tok.ID, "/"+RepID(2)) || tok.InstanceURL != f.srv.URL {
		t.Errorf("token %+v", tok)
	}
	expect(t, f.form(t, claims(func(c map[string]any) { c["aud"] = "https://test.salesforce.com" })), 200, "")
	for name, edit := range map[string]func(map[string]any){
		"expired":     func(c map[string]any) { c["exp"] = fixedNow.Add(-time.Second).Unix() },
		"too far":     func(c map[string]any) { c["exp"] = fixedNow.Add(4 * time.Minute).Unix() },
		"no exp":      func(c map[string]any) { delete(c, "exp") },
		"wrong aud":   func(c map[string]any) { c["aud"] = "https://example.com" },
		"unknown sub": func(c map[string]any) { c["sub"] = "nobody@sandbox.example" },
	} {
		a := f.form(t, claims(edit))
		if a.status != 400 || decode[tokenError](t, a).Error != "invalid_grant" {
			t.Errorf("%s: %d %s", name, a.status, a.body)
		}
	}
	a := f.form(t, claims(func(c map[string]any) { c["iss"] = "other" }))
	if decode[tokenError](t, a).Error != "invalid_client_id" {
		t.Errorf("wrong iss: %s", a.body)
	}
}

func TestDocumentedJWTSignatureChecked(t *testing.T) {
	f := start(t, 0)
	other := deterministicKey(8)
	c := map[string]any{"iss": testID, "sub": RepEmail(1), "aud": "https://login.salesforce.com", "exp": fixedNow.Add(time.Minute).Unix()}
	a := f.form(t, url.Values{"grant_type": {grantJWT}, "assertion": {jwt(t, other, c)}})
	if a.status != 400 || decode[tokenError](t, a).Error != "invalid_grant" {
		t.Errorf("foreign key: %d %s", a.status, a.body)
	}
}

func TestDocumentedQueryShapeAndPaging(t *testing.T) {
	f := start(t, 0)
	for i := range 450 {
		if _, err := f.e.Put("Product2", map[string]any{"Name": "P" + strconv.Itoa(i), "External_ID__c": "SKU-" + strconv.Itoa(i)}); err != nil {
			t.Fatal(err)
		}
	}
	batch := func(r *http.Request) { r.Header.Set("Sforce-Query-Options", "batchSize=200") }
	a := f.query(t, "SELECT Id, Name FROM Product2", batch)
	expect(t, a, 200, "")
	p := decode[page](t, a)
	re := regexp.MustCompile(`^/services/data/v59\.0/query/01g[0-9A-Za-z]{15}-200$`)
	if p.TotalSize != 450 || p.Done || len(p.Records) != 200 || !re.MatchString(p.NextRecordsURL) {
		t.Fatalf("first page: total %d done %v %d records next %q", p.TotalSize, p.Done, len(p.Records), p.NextRecordsURL)
	}
	var rec map[string]any
	_ = json.Unmarshal(p.Records[0], &rec)
	attrs := rec["attributes"].(map[string]any)
	if attrs["type"] != "Product2" || attrs["url"] != v+"/sobjects/Product2/"+rec["Id"].(string) || len(rec) != 3 {
		t.Errorf("record %s", p.Records[0])
	}
	seen := len(p.Records)
	for !p.Done {
		p = decode[page](t, f.call(t, "GET", p.NextRecordsURL, ""))
		seen += len(p.Records)
	}
	if seen != 450 || strings.Contains(string(f.call(t, "GET", v+"/query?q="+url.QueryEscape("SELECT Id FROM Product2"), "").body), "nextRecordsUrl") {
		t.Errorf("read %d records; the last page must have no nextRecordsUrl", seen)
	}
}

func TestDocumentedDefaultBatchIs2000(t *testing.T) {
	f := start(t, 0)
	for i := range 2001 {
		_, _ = f.e.Put("Product2", map[string]any{"Name": "P" + strconv.Itoa(i)})
	}
	p := decode[page](t, f.query(t, "SELECT Id FROM Product2"))
	if len(p.Records) != 2000 || !strings.HasSuffix(p.NextRecordsURL, "-2000") {
		t.Errorf("%d records, next %q", len(p.Records), p.NextRecordsURL)
	}
}

func TestDocumentedIncrementalBySystemModstamp(t *testing.T) {
	f := start(t, 40)
	ids := f.e.IDs("Account")
	f.clock.add(time.Hour)
	if err := f.e.Update("Account", ids[3], map[string]any{"Phone": "+49 1"}); err != nil {
		t.Fatal(err)
	}
	since := fixedNow.Add(30 * time.Minute).Format(time.RFC3339)
	p := decode[page](t, f.query(t, "SELECT Id, SystemModstamp FROM Account WHERE SystemModstamp > "+since+" ORDER BY SystemModstamp"))
	if p.TotalSize != 1 || !strings.Contains(string(p.Records[0]), ids[3]) ||
		!strings.Contains(string(p.Records[0]), `"SystemModstamp":"2026-02-01T11:30:00.000+0000"`) {
		t.Errorf("incremental read %s", p.Records)
	}
}

func TestDocumentedQueryAllIncludesDeleted(t *testing.T) {
	f := start(t, 40)
	id := f.e.IDs("Account")[0]
	if err := f.e.Delete("Account", id); err != nil {
		t.Fatal(err)
	}
	q := url.QueryEscape("SELECT Id, IsDeleted FROM Account WHERE IsDeleted = true")
	if p := decode[page](t, f.call(t, "GET", v+"/query?q="+q, "")); p.TotalSize != 0 {
		t.Errorf("query sees %d deleted", p.TotalSize)
	}
	p := decode[page](t, f.call(t, "GET", v+"/queryAll?q="+q, ""))
	if p.TotalSize != 1 || !strings.Contains(string(p.Records[0]), id) {
		t.Errorf("queryAll %s", p.Records)
	}
}
