package salesforce

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestQueryAllLocatorURL: REST API guide "QueryAll More Results": "The URI
// specified in the nextRecordsUrl field of a QueryAll response body contains
// query instead of queryAll. To retrieve the next set of results, you can
// use either the Query More Results or the QueryAll More Results resources
// with the same query locator. The remaining results include deleted
// records."
func TestQueryAllLocatorURL(t *testing.T) {
	f := start(t, 0)
	plantProducts(t, f, 450)
	ids := f.e.IDs("Product2")
	for _, id := range ids[300:] {
		if err := f.e.Delete("Product2", id); err != nil {
			t.Fatal(err)
		}
	}
	q := url.QueryEscape("SELECT Id, IsDeleted FROM Product2 ORDER BY Id")
	first := f.call(t, "GET", v+"/queryAll?q="+q, "", func(r *http.Request) { r.Header.Set("Sforce-Query-Options", "batchSize=200") })
	expect(t, first, 200, "")
	p := decode[page](t, first)
	if p.TotalSize != 450 || !strings.HasPrefix(p.NextRecordsURL, v+"/query/01g") {
		t.Fatalf("totalSize %d, nextRecordsUrl %q, want %s/query/01g…", p.TotalSize, p.NextRecordsURL, v)
	}
	for _, next := range []string{p.NextRecordsURL, strings.Replace(p.NextRecordsURL, "/query/", "/queryAll/", 1)} {
		a := f.call(t, "GET", next, "")
		expect(t, a, 200, "")
		if n := decode[page](t, a); len(n.Records) != 200 || !strings.Contains(string(n.Records[199]), `"IsDeleted":true`) {
			t.Errorf("%s: %d records, last %s", next, len(n.Records), n.Records[len(n.Records)-1])
		}
	}
}
