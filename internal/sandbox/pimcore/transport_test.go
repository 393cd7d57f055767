package pimcore

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/sandbox/fault"
)

const countQuery = `{"query":"{ getProductListing(first: 1) { totalCount } }"}`

// newRequest builds a POST to url with body and headers.
func newRequest(t *testing.T, method, url, body string, headers map[string]string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, url, bytes.NewBufferString(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	return req
}

// A missing configuration answers 404 and a bad key 403, both as HTML pages
// without Pimcore's message; only POST is served.
func TestHTMLErrorPages(t *testing.T) {
	f := newFixture(t, 2)
	base := strings.TrimSuffix(f.url, Configuration)
	for name, c := range map[string]struct {
		req    *http.Request
		status int
	}{
		"unknown configuration": {newRequest(t, "POST", base+"other", countQuery, map[string]string{"apikey": testKey}), 404},
		"no configuration":      {newRequest(t, "POST", base, countQuery, map[string]string{"apikey": testKey}), 404},
		"other path":            {newRequest(t, "POST", strings.TrimSuffix(base, EndpointPrefix)+"/graphql", countQuery, map[string]string{"apikey": testKey}), 404},
		"missing key":           {newRequest(t, "POST", f.url, countQuery, nil), 403},
		"bad key":               {newRequest(t, "POST", f.url, countQuery, map[string]string{"apikey": "wrong"}), 403},
		"GET":                   {newRequest(t, "GET", f.url+"?apikey="+testKey, "", nil), 405},
	} {
		status, body, h := do(t, c.req)
		if status != c.status || !strings.HasPrefix(h.Get("Content-Type"), "text/html") || !strings.Contains(string(body), "<html") {
			t.Errorf("%s: %d %s %s", name, status, h.Get("Content-Type"), body)
		}
		if strings.Contains(string(body), "apikey not valid") || strings.Contains(string(body), "No active configuration") {
			t.Errorf("%s: production page shows Pimcore's debug message: %s", name, body)
		}
	}
}

// The key is read from the header apikey, then X-API-Key, then ?apikey=; the
// first present wins even when wrong.
func TestAPIKeyOrder(t *testing.T) {
	f := newFixture(t, 2)
	for name, c := range map[string]struct {
		query   string
		headers map[string]string
		status  int
	}{
		"apikey header":                 {"", map[string]string{"apikey": testKey}, 200},
		"X-API-Key header":              {"", map[string]string{"X-API-Key": testKey}, 200},
		"query parameter":               {"?apikey=" + testKey, nil, 200},
		"wrong apikey before X-API-Key": {"", map[string]string{"apikey": "wrong", "X-API-Key": testKey}, 403},
		"wrong X-API-Key before query":  {"?apikey=" + testKey, map[string]string{"X-API-Key": "wrong"}, 403},
		"apikey before wrong X-API-Key": {"", map[string]string{"apikey": testKey, "X-API-Key": "wrong"}, 200},
		"header before wrong query":     {"?apikey=wrong", map[string]string{"X-API-Key": testKey}, 200},
	} {
		status, body, _ := do(t, newRequest(t, "POST", f.url+c.query, countQuery, c.headers))
		if status != c.status {
			t.Errorf("%s: %d %s", name, status, body)
		}
	}
}

// variables must be a JSON object: a JSON string is HTTP 500; null, absent
// or an empty array (an empty PHP array) are fine.
func TestVariablesMustBeAnObject(t *testing.T) {
	f := newFixture(t, 2)
	q := `"query":"query($n: Int) { getProductListing(first: $n) { totalCount } }"`
	for vars, want := range map[string]int{
		`"{\"n\":1}"`: 500, `5`: 500, `[1]`: 500, `true`: 500,
		`{"n":1}`: 200, `null`: 200, `[]`: 200,
	} {
		status, body, h := f.post(t, "{"+q+`,"variables":`+vars+"}")
		if status != want {
			t.Errorf("variables %s: %d %s", vars, status, body)
		}
		if want == 500 && !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
			t.Errorf("variables %s: 500 as %s", vars, h.Get("Content-Type"))
		}
	}
	if status, _, _ := f.post(t, "{"+q+"}"); status != 200 {
		t.Errorf("absent variables: %d", status)
	}
}

// GraphQL errors answer HTTP 200 with {"errors":[{"message":…}]}, without
// data when the document does not validate, beside partial data when a
// resolver fails.
func TestErrorsAnswer200(t *testing.T) {
	f := newFixture(t, 2)
	status, body, _ := f.post(t, `{"query":"{ getProductListing { nosuch } }"}`)
	if status != 200 || !strings.HasPrefix(string(body), `{"errors":[{`) || strings.Contains(string(body), `"data"`) {
		t.Errorf("validation error: %d %s", status, body)
	}
	r := f.gql(t, `{ a: getProduct(id: 1) { sku } b: getProduct(id: 5) { sku } }`, nil)
	if string(r.Data["a"]) != `{"sku":"SKU-0000001"}` || string(r.Data["b"]) != "null" || len(r.Errors) != 1 {
		t.Errorf("partial: data %s errors %+v", r.Data, r.Errors)
	}
	if len(r.Errors) == 1 && (len(r.Errors[0].Path) != 1 || r.Errors[0].Path[0] != "b") {
		t.Errorf("error path %v", r.Errors[0].Path)
	}
}

// Datahub has no rate limiter: a 429 comes from a proxy as plain text, a
// 5xx as the web server's page.
func TestFaultsAnswerAsPimcoresHosting(t *testing.T) {
	f := newFixture(t, 2)
	set := &fault.Set{Shape: Errors{}, Storm429: 1, RetryAfter: "3"}
	h := set.Wrap(f.srv)
	rec := newRecorder()
	h.ServeHTTP(rec, newRequest(t, "POST", f.url, countQuery, map[string]string{"apikey": testKey}))
	if rec.status != 429 || rec.header.Get("Retry-After") != "3" || !strings.HasPrefix(rec.header.Get("Content-Type"), "text/plain") {
		t.Errorf("429: %d %v %s", rec.status, rec.header, rec.body.String())
	}
	set.Update(&fault.Set{Burst5xx: 1, Status5xx: 502})
	rec = newRecorder()
	h.ServeHTTP(rec, newRequest(t, "POST", f.url, countQuery, map[string]string{"apikey": testKey}))
	if rec.status != 502 || !strings.Contains(rec.body.String(), "502 Bad Gateway") {
		t.Errorf("5xx: %d %s", rec.status, rec.body.String())
	}
	rec = newRecorder()
	h.ServeHTTP(rec, newRequest(t, "POST", f.url, countQuery, map[string]string{"apikey": testKey}))
	if rec.status != 200 || !strings.Contains(rec.body.String(), `"totalCount":2`) {
		t.Errorf("after the faults: %d %s", rec.status, rec.body.String())
	}
}

type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func newRecorder() *recorder                    { return &recorder{header: http.Header{}, status: 200} }
func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) WriteHeader(code int)        { r.status = code }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }
