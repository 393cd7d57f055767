package salesforce

import (
	"encoding/csv"
	"strings"
	"testing"
)

// TestBulkQueryJobOptions: a query job takes the optional contentType (CSV
// only), columnDelimiter and lineEnding of the Bulk API 2.0 guide's "Create a
// Query Job" example ({"operation","query","contentType":"CSV",
// "columnDelimiter":"CARET","lineEnding":"CRLF"}); its info names them and
// the object the query reads (the API determines it from the query), and
// its results are written with them. A value the guide does not list is 400.
func TestBulkQueryJobOptions(t *testing.T) {
	f := start(t, 40)
	a := f.call(t, "POST", v+"/jobs/query", `{"operation":"query","query":"SELECT Id, Name FROM Account ORDER BY Name LIMIT 3",`+
		`"contentType":"CSV","columnDelimiter":"CARET","lineEnding":"CRLF"}`)
	expect(t, a, 200, "")
	info := decode[map[string]any](t, a)
	if info["object"] != "Account" || info["columnDelimiter"] != "CARET" || info["lineEnding"] != "CRLF" || info["contentType"] != "CSV" {
		t.Errorf("job info %s", a.body)
	}
	id := info["id"].(string)
	f.call(t, "GET", v+"/jobs/query/"+id, "")
	f.call(t, "GET", v+"/jobs/query/"+id, "")
	r := f.call(t, "GET", v+"/jobs/query/"+id+"/results", "")
	expect(t, r, 200, "")
	body := string(r.body)
	if strings.Count(body, "\r\n") != 4 || strings.Count(body, "\n") != 4 {
		t.Errorf("want 4 CRLF lines: %q", body)
	}
	cr := csv.NewReader(strings.NewReader(body))
	cr.Comma = '^'
	rows, err := cr.ReadAll()
	if err != nil || len(rows) != 4 || strings.Join(rows[0], ",") != "Id,Name" {
		t.Errorf("results %q: %v %v", body, rows, err)
	}
	for _, bad := range []string{`"contentType":"JSON"`, `"columnDelimiter":"COLON"`, `"lineEnding":"CR"`, `"object":"Lead"`} {
		a := f.call(t, "POST", v+"/jobs/query", `{"operation":"query","query":"SELECT Id FROM Account",`+bad+`}`)
		if a.status != 400 {
			t.Errorf("%s: %d %s", bad, a.status, a.body)
		}
	}
}
