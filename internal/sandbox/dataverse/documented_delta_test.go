package dataverse

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// syncAll runs the initial change-tracking read of set and returns its
// delta link.
func syncAll(t *testing.T, e *env, set string) (string, int) {
	t.Helper()
	a := e.call(t, "GET", api+set+"?$select=name", "", "Prefer: odata.track-changes,odata.maxpagesize=10")
	expect(t, a, 200, "")
	if got := a.header.Get("Preference-Applied"); !strings.Contains(got, "odata.track-changes") {
		t.Fatalf("Preference-Applied %q", got)
	}
	p := decode[page](t, a)
	n := len(p.Value)
	for p.NextLink != "" {
		if p.DeltaLink != "" {
			t.Fatal("a page before the last carries a deltaLink")
		}
		p = decode[page](t, e.call(t, "GET", p.NextLink, "", "Prefer: odata.track-changes,odata.maxpagesize=10"))
		n += len(p.Value)
	}
	return p.DeltaLink, n
}

func TestDocumentedChangeTracking(t *testing.T) {
	e := start(t, 100, nil)
	delta, n := syncAll(t, e, "accounts")
	if n != 25 || !regexp.MustCompile(`\$deltatoken=\d+%21\d\d%2F\d\d%2F\d{4}%20\d\d%3A\d\d%3A\d\d$`).MatchString(delta) {
		t.Fatalf("%d rows, delta link %q", n, delta)
	}
	e.clk.t = fixedNow.Add(10 * time.Minute)
	if _, err := e.em.Put("accounts", AccountID(1), map[string]any{"name": "Changed"}); err != nil {
		t.Fatal(err)
	}
	e.em.Delete("accounts", AccountID(2))
	a := e.call(t, "GET", delta, "")
	expect(t, a, 200, "")
	p := decode[page](t, a)
	if p.Context != e.srv.URL+api+"$metadata#accounts(name)/$delta" || len(p.Value) != 2 || p.DeltaLink == "" {
		t.Fatalf("delta %s", a.body)
	}
	if p.Value[0]["name"] != "Changed" || p.Value[0]["accountid"] != AccountID(1) {
		t.Errorf("changed row %v", p.Value[0])
	}
	want := map[string]any{"@odata.context": e.srv.URL + api + "$metadata#accounts/$deletedEntity", "id": AccountID(2), "reason": "deleted"}
	if len(p.Value[1]) != 3 || p.Value[1]["id"] != want["id"] || p.Value[1]["@odata.context"] != want["@odata.context"] || p.Value[1]["reason"] != "deleted" {
		t.Errorf("deleted row %v, want %v", p.Value[1], want)
	}
	again := decode[page](t, e.call(t, "GET", p.DeltaLink, ""))
	if len(again.Value) != 0 {
		t.Errorf("the next delta holds %v, want nothing", again.Value)
	}
}

func TestDocumentedChangeTrackingRejectsQueryOptions(t *testing.T) {
	e := start(t, 100, nil)
	for _, q := range []string{"$filter=name%20eq%20'x'", "$orderby=name", "$top=5", "$expand=ownerid"} {
		expect(t, e.call(t, "GET", api+"accounts?"+q, "", "Prefer: odata.track-changes"), 400, "")
	}
	delta, _ := syncAll(t, e, "accounts")
	expect(t, e.call(t, "GET", delta+"&$top=5", ""), 400, "change tracking")
}

func TestDocumentedDeltaCount(t *testing.T) {
	e := start(t, 100, nil)
	delta, _ := syncAll(t, e, "accounts")
	e.em.Delete("accounts", AccountID(5))
	_, tok, _ := strings.Cut(delta, "$deltatoken=")
	a := e.call(t, "GET", api+"accounts/$count?$deltatoken="+tok, "")
	expect(t, a, 200, "")
	if string(a.body) != "1" {
		t.Errorf("$count with the delta token = %s, want 1", a.body)
	}
	expect(t, e.call(t, "GET", api+"accounts/$count", ""), 200, "24")
}

func TestDocumentedDeltaTokenExpires(t *testing.T) {
	e := start(t, 100, func(o *Options) { o.ChangeTrackingDays = 7 })
	delta, _ := syncAll(t, e, "accounts")
	e.clk.t = fixedNow.Add(7*24*time.Hour + time.Minute)
	e.token = e.fetchToken(t)
	expect(t, e.call(t, "GET", delta, ""), 400, "version stamp")
	e.clk.t = fixedNow.Add(6 * 24 * time.Hour)
	e.token = e.fetchToken(t)
	expect(t, e.call(t, "GET", delta, ""), 200, "")
}
