package dataverse

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"
)

// A number literal that strconv.ParseFloat reads but big.Rat does not (NaN,
// Inf) is a bad $filter: 400, never a panic.
func TestFilterNonFiniteNumberIs400(t *testing.T) {
	e := start(t, 0, nil)
	for _, f := range []string{"versionnumber gt NaN", "versionnumber lt Inf", "versionnumber eq -infinity"} {
		expect(t, e.call(t, "GET", api+"systemusers?$filter="+url.PathEscape(f), ""), 400, "")
	}
}

// A delta with more changes than the page size is paged by @odata.nextLink
// like any read ("if the new or updated item collection is greater than
// 5000, the user can page through the collection": powerapps-docs
// use-change-tracking-synchronize-data-external-systems.md); only the last
// page carries the next delta link, and a change made while paging comes in
// the next delta, not lost.
func TestDeltaIsPaged(t *testing.T) {
	e := start(t, 100, nil)
	delta, _ := syncAll(t, e, "accounts")
	e.clk.t = fixedNow.Add(time.Minute)
	for i := range 7 {
		if _, err := e.em.Put("accounts", AccountID(i), map[string]any{"name": fmt.Sprint("Changed ", i)}); err != nil {
			t.Fatal(err)
		}
	}
	e.em.Delete("accounts", AccountID(10))
	e.em.Delete("accounts", AccountID(11))
	seen := map[string]bool{}
	p := decode[page](t, e.call(t, "GET", delta, "", "Prefer: odata.maxpagesize=3"))
	pages := 1
	for ; p.NextLink != ""; pages++ {
		if p.DeltaLink != "" || len(p.Value) != 3 {
			t.Fatalf("page %d: %d changes, delta link %q", pages, len(p.Value), p.DeltaLink)
		}
		collect(seen, p)
		if pages == 1 {
			if _, err := e.em.Put("accounts", AccountID(20), map[string]any{"name": "During paging"}); err != nil {
				t.Fatal(err)
			}
		}
		p = decode[page](t, e.call(t, "GET", p.NextLink, "", "Prefer: odata.maxpagesize=3"))
	}
	collect(seen, p)
	if pages != 3 || len(seen) != 9 || !seen[AccountID(10)] || !seen[AccountID(6)] || p.DeltaLink == "" {
		t.Fatalf("%d pages, %d changes %v, last delta link %q", pages, len(seen), seen, p.DeltaLink)
	}
	next := decode[page](t, e.call(t, "GET", p.DeltaLink, ""))
	if len(next.Value) != 1 || next.Value[0]["accountid"] != AccountID(20) {
		t.Errorf("next delta %v, want the change made while paging", next.Value)
	}
}

// collect adds the ids of a delta page's changes and deletions to seen.
func collect(seen map[string]bool, p page) {
	for _, v := range p.Value {
		id, _ := v["accountid"].(string)
		if id == "" {
			id, _ = v["id"].(string)
		}
		seen[id] = true
	}
}

// Dataverse compares text case-insensitively (its SQL collation is
// case-insensitive): an alternate key differing only in case is the same key
// (a create is a duplicate, an upsert updates the row), and $filter eq
// matches regardless of case.
func TestTextComparesIgnoringCase(t *testing.T) {
	e := start(t, 100, nil)
	num := e.em.opts.Catalog.Account(0).Number
	lower := strings.ToLower(num)
	expect(t, e.call(t, "POST", api+"accounts", `{"name":"Twin","accountnumber":"`+lower+`"}`), 412, "")
	expect(t, e.call(t, "PATCH", api+"accounts(accountnumber='"+lower+"')", `{"telephone1":"+49 1"}`), 204, "")
	p := decode[page](t, e.call(t, "GET", api+"accounts?$filter="+url.PathEscape("accountnumber eq '"+lower+"'"), ""))
	if len(p.Value) != 1 || p.Value[0]["accountid"] != AccountID(0) || p.Value[0]["telephone1"] != "+49 1" || p.Value[0]["accountnumber"] != num {
		t.Fatalf("filter by the lower-case key: %v", p.Value)
	}
}
