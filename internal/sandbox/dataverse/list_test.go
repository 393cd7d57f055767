package dataverse

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// readAll follows nextLinks from path with page size n, calling between
// after each page, and returns the ids in the order served.
func readAll(t *testing.T, e *env, path string, n int, between func(page int)) []string {
	t.Helper()
	pref := "Prefer: odata.maxpagesize=" + strconv.Itoa(n)
	p := decode[page](t, e.call(t, "GET", path, "", pref))
	var ids []string
	for i := 1; ; i++ {
		for _, v := range p.Value {
			ids = append(ids, v["accountid"].(string))
		}
		if p.NextLink == "" {
			return ids
		}
		if between != nil {
			between(i)
		}
		a := e.call(t, "GET", p.NextLink, "", pref)
		expect(t, a, 200, "")
		p = decode[page](t, a)
	}
}

func TestPagingStableUnderDeletions(t *testing.T) {
	e := start(t, 100, nil)
	all := readAll(t, e, api+"accounts?$select=name", 10, nil)
	var deleted []string
	got := readAll(t, e, api+"accounts?$select=name", 10, func(page int) {
		// Delete rows already served: an offset cookie would skip rows.
		if page == 1 {
			deleted = all[:3]
			for _, id := range deleted {
				e.em.Delete("accounts", id)
			}
		}
	})
	if len(got) != len(all) {
		t.Fatalf("paging served %d rows, want %d (deleted rows were served before)", len(got), len(all))
	}
	for i := range all {
		if got[i] != all[i] {
			t.Fatalf("row %d is %s, want %s", i, got[i], all[i])
		}
	}
}

func TestPagingWithOrderBy(t *testing.T) {
	e := start(t, 100, nil)
	p := decode[page](t, e.call(t, "GET", api+"accounts?$select=name&$orderby=name%20desc&$top=100", ""))
	var want []string
	for _, v := range p.Value {
		want = append(want, v["accountid"].(string))
	}
	got := readAll(t, e, api+"accounts?$select=name&$orderby=name%20desc", 7, nil)
	if len(got) != 25 || len(want) != 25 {
		t.Fatalf("%d rows paged, %d with $top", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("row %d: %s, want %s", i, got[i], want[i])
		}
	}
}

func TestTopDisablesPaging(t *testing.T) {
	e := start(t, 100, nil)
	a := e.call(t, "GET", api+"accounts?$top=12", "", "Prefer: odata.maxpagesize=5")
	p := decode[page](t, a)
	if len(p.Value) != 12 || p.NextLink != "" || a.header.Get("Preference-Applied") != "" {
		t.Errorf("$top with maxpagesize: %d rows, next %q, applied %q", len(p.Value), p.NextLink, a.header.Get("Preference-Applied"))
	}
}

func TestSkipTokenBelongsToItsQuery(t *testing.T) {
	e := start(t, 100, nil)
	p := decode[page](t, e.call(t, "GET", api+"accounts?$select=name", "", "Prefer: odata.maxpagesize=5"))
	_, tok, _ := strings.Cut(p.NextLink, "$skiptoken=")
	expect(t, e.call(t, "GET", api+"accounts?$select=name,telephone1&$skiptoken="+tok, "", "Prefer: odata.maxpagesize=5"), 400, "$skiptoken")
	expect(t, e.call(t, "GET", api+"accounts?$skiptoken=1", "", "Prefer: odata.maxpagesize=5"), 400, "$skiptoken")
}

func TestFilterSubset(t *testing.T) {
	e := start(t, 100, nil)
	a0, a1 := e.em.opts.Catalog.Account(0), e.em.opts.Catalog.Account(1)
	if _, err := e.em.Put("accounts", AccountID(2), map[string]any{"name": "O'Neil"}); err != nil {
		t.Fatal(err)
	}
	cases := map[string]int{
		"accountnumber eq '" + a0.Number + "' or accountnumber eq '" + a1.Number + "'":    2,
		"(accountnumber eq '" + a0.Number + "' or accountnumber eq 'x') and name ne null": 1,
		"name eq 'O''Neil'":                            1,
		"accountid eq " + AccountID(4):                 1,
		"_ownerid_value eq " + RepID(1):                5,
		"emailaddress1 eq null":                        0,
		"versionnumber gt 0 and versionnumber le 1000": 25,
	}
	for f, want := range cases {
		a := e.call(t, "GET", api+"accounts?$filter="+url.PathEscape(f), "")
		expect(t, a, 200, "")
		if got := len(decode[page](t, a).Value); got != want {
			t.Errorf("%s: %d rows, want %d", f, got, want)
		}
	}
	for _, f := range []string{"accountid eq '" + AccountID(4) + "'", "name eq O", "name eq 'x' and", "nope eq 1",
		"modifiedon gt '2026-01-01T00:00:00Z'", "name lk 'x'", "(name eq 'x'"} {
		expect(t, e.call(t, "GET", api+"accounts?$filter="+url.PathEscape(f), ""), 400, "")
	}
}
