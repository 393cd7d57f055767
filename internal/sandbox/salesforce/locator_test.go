package salesforce

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// pages plants n products and returns the first page of a 200-row query.
func firstPage(t *testing.T, f *fixture) page {
	t.Helper()
	a := f.query(t, "SELECT Id, Name FROM Product2", func(r *http.Request) { r.Header.Set("Sforce-Query-Options", "batchSize=200") })
	expect(t, a, 200, "")
	return decode[page](t, a)
}

func plantProducts(t *testing.T, f *fixture, n int) {
	t.Helper()
	for i := range n {
		if _, err := f.e.Put("Product2", map[string]any{"Name": "P" + strconv.Itoa(i)}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestLocatorIsASnapshot(t *testing.T) {
	f := start(t, 0)
	plantProducts(t, f, 300)
	p := firstPage(t, f)
	ids := f.e.IDs("Product2")
	_ = f.e.Update("Product2", ids[299], map[string]any{"Name": "changed"})
	plantProducts(t, f, 5)
	next := decode[page](t, f.call(t, "GET", p.NextRecordsURL, ""))
	if !next.Done || next.TotalSize != 300 || len(next.Records) != 100 || strings.Contains(string(next.Records[99]), "changed") {
		t.Errorf("second page: done %v total %d, %d records, last %s", next.Done, next.TotalSize, len(next.Records), next.Records[len(next.Records)-1])
	}
	// A page lost in transit can be read again.
	expect(t, f.call(t, "GET", p.NextRecordsURL, ""), 200, "")
}

func TestLocatorRejectsEditsAndParams(t *testing.T) {
	f := start(t, 0)
	plantProducts(t, f, 450)
	p := firstPage(t, f)
	for _, bad := range []string{strings.Replace(p.NextRecordsURL, "-200", "-300", 1), p.NextRecordsURL + "?batchSize=200",
		strings.Replace(p.NextRecordsURL, "/query/", "/queryAll/", 1), strings.Replace(p.NextRecordsURL, "01g", "01h", 1)} {
		if a := f.call(t, "GET", bad, ""); a.status != 400 {
			t.Errorf("%s: %d %s", bad, a.status, a.body)
		}
	}
	if a := f.call(t, "GET", strings.Replace(p.NextRecordsURL, "-200", "-400", 1), ""); errorCode(t, a) != "INVALID_QUERY_LOCATOR" {
		t.Errorf("an offset never handed out: %s", a.body)
	}
}

func TestLocatorExpiresAfter15Minutes(t *testing.T) {
	f := start(t, 0)
	plantProducts(t, f, 450)
	p := firstPage(t, f)
	f.clock.add(14 * time.Minute)
	p2 := decode[page](t, f.call(t, "GET", p.NextRecordsURL, ""))
	f.clock.add(15*time.Minute + time.Second)
	a := f.call(t, "GET", p2.NextRecordsURL, "")
	if a.status != 400 || errorCode(t, a) != "INVALID_QUERY_LOCATOR" {
		t.Errorf("idle locator: %d %s", a.status, a.body)
	}
}

func TestLocatorEleventhClosesTheOldest(t *testing.T) {
	f := start(t, 0)
	plantProducts(t, f, 250)
	var urls []string
	for range 11 {
		urls = append(urls, firstPage(t, f).NextRecordsURL)
		f.clock.add(time.Second)
	}
	if a := f.call(t, "GET", urls[0], ""); a.status != 400 || errorCode(t, a) != "INVALID_QUERY_LOCATOR" {
		t.Errorf("oldest of 11: %d %s", a.status, a.body)
	}
	expect(t, f.call(t, "GET", urls[1], ""), 200, "")
}

func TestBatchSizeClampedAndCapped(t *testing.T) {
	f := start(t, 0, func(o *Options) { o.PageCap = 150 })
	plantProducts(t, f, 300)
	if p := firstPage(t, f); len(p.Records) != 150 {
		t.Errorf("page cap: %d rows", len(p.Records))
	}
	g := start(t, 0)
	plantProducts(t, g, 300)
	a := g.query(t, "SELECT Id FROM Product2", func(r *http.Request) { r.Header.Set("Sforce-Query-Options", "batchSize=10") })
	if p := decode[page](t, a); len(p.Records) != 200 {
		t.Errorf("batchSize=10: %d rows, want the minimum 200", len(p.Records))
	}
}
