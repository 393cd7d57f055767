package salsify

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestPerPageAboveMaximumIsClamped(t *testing.T) {
	_, srv := start(t, 250)
	l := decode[listing](t, call(t, srv, "GET", base+"/products?per_page=500", ""))
	if len(l.Data) != 100 || string(l.Meta["per_page"]) != "100" {
		t.Errorf("per_page=500: %d products, meta.per_page %s; want 100 and 100", len(l.Data), l.Meta["per_page"])
	}
	l = decode[listing](t, call(t, srv, "GET", base+"/products?per_page=7&page=2", ""))
	if len(l.Data) != 7 || string(l.Meta["per_page"]) != "7" || string(l.Meta["current_page"]) != "2" {
		t.Errorf("per_page=7 page 2: %d products, meta %v", len(l.Data), l.Meta)
	}
}

func TestBadListParameters(t *testing.T) {
	_, srv := start(t, 5)
	for _, c := range []struct {
		query  string
		status int
	}{
		{"per_page=0", 422}, {"per_page=abc", 422}, {"per_page=", 422}, {"page=0", 422}, {"page=-1", 422},
		{"page=1.5", 422}, {"page=99999999999999999999", 422}, {"sort=salsify:id", 400}, {"cursor=x", 400},
	} {
		a := call(t, srv, "GET", base+"/products?"+c.query, "")
		if a.status != c.status || !strings.Contains(string(a.body), `"errors":[`) {
			t.Errorf("%s: %d %s, want %d with errors", c.query, a.status, a.body, c.status)
		}
	}
}

// key is a listed product's (updated_at, id).
func key(d map[string]any) [2]string {
	return [2]string{d["salsify:updated_at"].(string), d["salsify:id"].(string)}
}

func TestFilteredListingIsOrderedByUpdatedThenID(t *testing.T) {
	_, srv := start(t, 1000)
	all := listAll(t, srv, "&filter="+escape("='salsify:updated_at':gte('2000-01-01T00:00:00Z')"))
	if len(all) != 1000 {
		t.Fatalf("%d products, want 1000", len(all))
	}
	ties := 0
	for k := 1; k < len(all); k++ {
		a, b := key(all[k-1]), key(all[k])
		if a[0] > b[0] || (a[0] == b[0] && a[1] >= b[1]) {
			t.Fatalf("position %d: %v after %v", k, b, a)
		}
		if a[0] == b[0] {
			ties++
		}
	}
	if ties == 0 {
		t.Error("no ties on salsify:updated_at: the test proves nothing about the id tie-break")
	}
}

func TestUnfilteredListingIsStableButNotByID(t *testing.T) {
	_, srv := start(t, 300)
	first, second := listAll(t, srv, ""), listAll(t, srv, "")
	ids := func(docs []map[string]any) []string {
		out := make([]string, len(docs))
		for k, d := range docs {
			out[k] = d["salsify:id"].(string)
		}
		return out
	}
	a, b := ids(first), ids(second)
	if !slices.Equal(a, b) {
		t.Fatal("two unfiltered passes listed products in different orders")
	}
	if slices.IsSorted(a) {
		t.Error("the unfiltered order is the id order")
	}
	slices.Sort(a)
	if len(slices.Compact(a)) != 300 {
		t.Errorf("the unfiltered pass listed %d distinct products, want 300", len(slices.Compact(a)))
	}
}

func TestFilterBoundsOnUpdatedAt(t *testing.T) {
	s, srv := start(t, 400)
	at := s.cat.Updated(17)
	count := func(keep func(time.Time) bool) int {
		n := 0
		for i := range s.cat.N {
			if keep(s.cat.Updated(i)) {
				n++
			}
		}
		return n
	}
	stamp := at.Format(time.RFC3339)
	cases := []struct {
		filter string
		want   int
	}{
		{"='salsify:updated_at':gt('" + stamp + "')", count(func(u time.Time) bool { return u.After(at) })},
		{"='salsify:updated_at':gte('" + stamp + "')", count(func(u time.Time) bool { return !u.Before(at) })},
		{"='salsify:updated_at':lt('" + stamp + "')", count(func(u time.Time) bool { return u.Before(at) })},
		{"='salsify:updated_at':lte('" + at.Format("2006-01-02T15:04:05.000Z") + "')", count(func(u time.Time) bool { return !u.After(at) })},
		{"='salsify:updated_at':gte('" + stamp + "'),'salsify:updated_at':lte('" + stamp + "')", count(func(u time.Time) bool { return u.Equal(at) })},
		{"='salsify:updated_at':gt('" + stamp + "'),'salsify:updated_at':lt('" + stamp + "')", 0},
		{"='salsify:updated_at':gt('" + at.Add(-time.Millisecond).Format(time.RFC3339Nano) + "'):product_type:all",
			count(func(u time.Time) bool { return !u.Before(at) })},
	}
	for _, c := range cases {
		l := decode[listing](t, call(t, srv, "GET", base+"/products?per_page=1&filter="+escape(c.filter), ""))
		if got := string(l.Meta["total_entries"]); got != itoa(c.want) {
			t.Errorf("%s: total_entries %s, want %d", c.filter, got, c.want)
		}
	}
	if count(func(u time.Time) bool { return u.Equal(at) }) < 1 {
		t.Fatal("the bound product itself was not counted")
	}
}

func TestFilterEquality(t *testing.T) {
	s, srv := start(t, 200)
	shoes := 0
	for i := range s.cat.N {
		if s.cat.PIM(i).Family == "shoes" {
			shoes++
		}
	}
	all := listAll(t, srv, "&filter="+escape("='Family':'shoes'"))
	if len(all) != shoes || shoes == 0 {
		t.Errorf("%d shoes listed, the catalog has %d", len(all), shoes)
	}
	for _, d := range all {
		if d["Family"] != "shoes" {
			t.Fatalf("filter on Family listed %v", d)
		}
	}
	p := s.cat.PIM(6)
	for _, f := range []string{"='salsify:id':'" + p.SKU + "'", "='Product ID':'" + p.SKU + "','Price':'" + p.Price + "'",
		"='Product Name':'" + strings.ReplaceAll(p.Name, "'", `\'`) + "'"} {
		l := decode[listing](t, call(t, srv, "GET", base+"/products?filter="+escape(f), ""))
		if len(l.Data) != 1 || l.Data[0]["salsify:id"] != p.SKU {
			t.Errorf("%s listed %v", f, l.Data)
		}
	}
}

func TestFilterRejected(t *testing.T) {
	_, srv := start(t, 5)
	for _, f := range []string{
		"'salsify:updated_at':gt('2026-01-01T00:00:00Z')", // no leading =
		"='salsify:updated_at':after('2026-01-01T00:00:00Z')",
		"='salsify:created_at':gt('2026-01-01T00:00:00Z')",
		"='Price':lt('12')",
		"='salsify:updated_at':gt('2026-01-01')",
		"='salsify:updated_at':gt('2026-01-01 00:00:00')",
		"='salsify:updated_at':gt('2026-01-01T00:00:00 00:00')", // a + decoded as a space
		"='salsify:updated_at':gt('2026-01-01T00:00:00Z'",
		"='Family':'shoes",
		"='Family':shoes",
		"='Family':'shoes';'Color':'red'",
		"='Family':'shoes',",
		"='Family':'shoes':product_type:some",
		`='Family':'sh\oes'`,
		"=",
	} {
		expect(t, call(t, srv, "GET", base+"/products?filter="+escape(f), ""), 422, `{"errors":["Filter is invalid"]}`)
	}
}

func TestFilterPlusMustBeEscaped(t *testing.T) {
	_, srv := start(t, 5)
	raw := "='salsify:updated_at':gt('2026-01-01T00:00:00+00:00')"
	unescaped := strings.NewReplacer("'", "%27", ":", "%3A", "(", "%28", ")", "%29").Replace(raw)
	expect(t, call(t, srv, "GET", base+"/products?filter="+unescaped, ""), 422, `{"errors":["Filter is invalid"]}`)
	expect(t, call(t, srv, "GET", base+"/products?filter="+escape(raw), ""), 200, "")
}

func TestNumbersKeepTheirExactText(t *testing.T) {
	s, srv := start(t, 200)
	for i := range s.cat.N {
		p := s.cat.PIM(i)
		if !strings.HasSuffix(p.Price, "0") || !strings.HasSuffix(p.Weight, "0") {
			continue
		}
		a := call(t, srv, "GET", base+"/products/"+p.SKU, "")
		for _, want := range []string{`"Price":` + p.Price + `,`, `"Weight":` + p.Weight + `,`} {
			if !strings.Contains(string(a.body), want) {
				t.Errorf("%s: body %s lacks %s", p.SKU, a.body, want)
			}
		}
		expect(t, call(t, srv, "PUT", base+"/products/"+p.SKU, `{"Price":19.90}`), 204, "")
		if a := call(t, srv, "GET", base+"/products/"+p.SKU, ""); !strings.Contains(string(a.body), `"Price":19.90,`) {
			t.Errorf("written price lost its text: %s", a.body)
		}
		return
	}
	t.Fatal("no product with a price and a weight ending in 0")
}

// TestMutationBetweenPages: the listing is offset-paged over live data, as
// Salsify's is. A product touched after it was read moves to the end of a
// filtered listing, so every product after it shifts one place down and one
// of them is never listed in this pass; a product destroyed between pages
// stays listed with salsify:destroyed_at.
func TestMutationBetweenPages(t *testing.T) {
	s, srv := start(t, 300)
	filter := "&filter=" + escape("='salsify:updated_at':gt('2000-01-01T00:00:00Z')")
	before := listAll(t, srv, filter)
	touched, deleted := before[10]["salsify:id"].(string), before[250]["salsify:id"].(string)
	s.SetPageHook(func(page int) {
		if page == 1 {
			s.Touch(touched)
			s.Delete(deleted)
		}
	})
	after := listAll(t, srv, filter)
	s.SetPageHook(nil)
	seen := map[string]int{}
	for _, d := range after {
		seen[d["salsify:id"].(string)]++
		if d["salsify:id"] == deleted && d["salsify:destroyed_at"] == nil {
			t.Errorf("the destroyed product is listed without salsify:destroyed_at: %v", d)
		}
	}
	missing := 0
	for _, d := range before {
		if seen[d["salsify:id"].(string)] == 0 {
			missing++
		}
	}
	if seen[touched] != 2 || missing != 1 || len(after) != 300 {
		t.Errorf("touched product listed %d times, %d products missed, %d listed; want 2, 1, 300", seen[touched], missing, len(after))
	}
	if last := after[len(after)-1]; last["salsify:id"] != deleted && last["salsify:id"] != touched {
		t.Errorf("the last listed product is %v, want one of the two just changed", last["salsify:id"])
	}
}

// jsonEqual compares two values by their JSON text.
func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}
