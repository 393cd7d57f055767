package pimcore

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// PROTOCOLS §8 incremental: {"modificationDate":{"$gt":<unix seconds>}};
// $gt is strict, $gte includes the second itself.
func TestFilterModificationDate(t *testing.T) {
	f := newFixture(t, 60)
	var stamps []int64
	for i := range f.cat.N {
		stamps = append(stamps, f.cat.Updated(i).Unix())
	}
	sort.Slice(stamps, func(a, b int) bool { return stamps[a] < stamps[b] })
	pivot := stamps[30]
	want := map[string]int{}
	for _, s := range stamps {
		if s > pivot {
			want["$gt"]++
		}
		if s >= pivot {
			want["$gte"]++
		}
	}
	for _, op := range []string{"$gt", "$gte"} {
		filter := `{"modificationDate":{"` + op + `":` + strconv.FormatInt(pivot, 10) + `}}`
		p := f.list(t, map[string]any{"filter": filter, "sortBy": []string{"modificationDate", "id"}})
		if p.TotalCount != want[op] || len(p.Edges) != want[op] {
			t.Errorf("%s: total %d, %d edges, want %d", op, p.TotalCount, len(p.Edges), want[op])
		}
		for _, e := range p.Edges {
			n, _ := strconv.ParseInt(string(e.Node["modificationDate"].(interface{ String() string }).String()), 10, 64)
			if n < pivot || (op == "$gt" && n == pivot) {
				t.Errorf("%s: got modificationDate %d against %d", op, n, pivot)
			}
		}
	}
	if want["$gt"] == want["$gte"] {
		t.Fatal("test catalog has no object at the pivot second; pick another")
	}
}

// modificationDate is an Int column; Datahub quotes every value and MySQL
// casts a string by its numeric prefix without an error: "1714521600" is
// the number, a date string compares as its year (so it matches every
// object), a decimal compares as a decimal.
func TestFilterModificationDateCastsLikeMySQL(t *testing.T) {
	f := newFixture(t, 5)
	mid := f.cat.Updated(2).Unix()
	count := func(op string, v int64, half bool) int {
		n := 0
		for i := range f.cat.N {
			u := float64(f.cat.Updated(i).Unix())
			x := float64(v)
			if half {
				x += 0.5
			}
			if (op == "$gt" && u > x) || (op == "$lt" && u < x) {
				n++
			}
		}
		return n
	}
	for v, want := range map[string]int{
		`"` + strconv.FormatInt(mid, 10) + `"`: count("$gt", mid, false),
		`"2026-01-01T00:00:00Z"`:               f.cat.N,
		strconv.FormatInt(mid, 10) + `.5`:      count("$gt", mid, true),
		`"x"`:                                  f.cat.N,
	} {
		r := f.gql(t, listQuery, map[string]any{"filter": `{"modificationDate":{"$gt":` + v + `}}`})
		var p page
		if len(r.Errors) > 0 || json.Unmarshal(r.Data["getProductListing"], &p) != nil || p.TotalCount != want {
			t.Errorf("%s: %d objects (errors %+v), want %d", v, p.TotalCount, r.Errors, want)
		}
	}
}

// There is no $in in Pimcore's filter syntax: an unknown operator is an error.
func TestFilterInRefused(t *testing.T) {
	f := newFixture(t, 5)
	r := f.gql(t, listQuery, map[string]any{"filter": `{"sku":{"$in":["SKU-0000001","SKU-0000002"]}}`})
	msg, dbg := r.errorMessage()
	if msg != "Internal server error" || !strings.Contains(dbg, `"$in"`) {
		t.Fatalf("message %q debug %q", msg, dbg)
	}
}

func TestFilterOperators(t *testing.T) {
	f := newFixture(t, 30)
	cases := map[string][]string{
		`{"sku":{"$like":"%00001_"}}`:                                        ids(10, 19),
		`{"sku":{"$like":"sku-000000%"}}`:                                    ids(1, 9), // case-insensitive
		`{"sku":{"$notlike":"%000000%"}}`:                                    ids(10, 30),
		`{"sku":["SKU-0000002","SKU-0000005"]}`:                              {"2", "5"}, // a list is an OR
		`{"sku":{"$like":["%01","%03"]}}`:                                    {"1", "3"},
		`{"$or":[{"id":4},{"id":{"$gte":29}}]}`:                              {"4", "29", "30"},
		`{"$and":[{"id":{"$gt":2}},{"id":{"$lt":5}}]}`:                       {"3", "4"},
		`{"id":{"$gt":2,"$lte":4}}`:                                          {"3", "4"},
		`{"id":{"$lt":4},"sku":{"$not":"SKU-0000002"}}`:                      {"1", "3"},
		`{"key":"SKU-0000007"}`:                                              {"7"},
		`{"id":{"$lt":3},"descriptionDraft":null}`:                           {"1", "2"},
		`{"id":{"$lt":4},"published":true}`:                                  {"1", "2", "3"},
		`{"$or":[{"id":1},{"$and":[{"id":{"$gt":27}},{"id":{"$not":29}}]}]}`: {"1", "28", "30"},
	}
	for filter, want := range cases {
		p := f.list(t, map[string]any{"filter": filter, "sortBy": []string{"id"}})
		if got := strings.Join(p.ids(), ","); got != strings.Join(want, ",") || p.TotalCount != len(want) {
			t.Errorf("%s: got %s (total %d), want %s", filter, got, p.TotalCount, strings.Join(want, ","))
		}
	}
}

func ids(from, to int) []string {
	var out []string
	for i := from; i <= to; i++ {
		out = append(out, strconv.Itoa(i))
	}
	return out
}

// A quoted number or flag is cast as MySQL casts it: {"price":{"$gt":"12.50"}}
// compares numbers, {"published":"yes"} is published = 0.
func TestFilterQuotedValues(t *testing.T) {
	f := newFixture(t, 6)
	want := 0
	for i := range f.cat.N {
		if p, _ := strconv.ParseFloat(f.cat.PIM(i).Price, 64); p > 250 {
			want++
		}
	}
	if p := f.list(t, map[string]any{"filter": `{"price":{"$gt":"250.00"}}`}); p.TotalCount != want {
		t.Errorf("price > '250.00': %d, want %d", p.TotalCount, want)
	}
	f.srv.Unpublish(2)
	if p := f.list(t, map[string]any{"filter": `{"published":"yes"}`, "published": false}); p.TotalCount != 1 || p.ids()[0] != "2" {
		t.Errorf("published = 'yes': %v, want the unpublished object 2", p.ids())
	}
}

func TestFilterErrors(t *testing.T) {
	f := newFixture(t, 3)
	for filter, want := range map[string]string{
		`not json`:                         "unable to decode filter",
		``:                                 "unable to decode filter",
		`{"nosuch":1}`:                     "Internal server error",
		`{"weight":1}`:                     "Internal server error", // a quantityValue is no column
		`{"$or":"x"}`:                      "Internal server error",
		`{"sku":{"$regex":"x"}}`:           "Internal server error",
		`{"published":"2"}`:                "Internal server error", // the emulator knows booleans 0 and 1 only
		`{"sku":{"$like":{"nested":"x"}}}`: "Internal server error",
	} {
		r := f.gql(t, listQuery, map[string]any{"filter": filter})
		if msg, _ := r.errorMessage(); msg != want {
			t.Errorf("%s: message %q, want %q", filter, msg, want)
		}
	}
}

// Localized fields filter in the request's language.
func TestFilterLocalizedFieldInLanguage(t *testing.T) {
	f := newFixture(t, 5)
	name := f.cat.PIM(1).Name
	p := f.list(t, map[string]any{"filter": `{"name":"` + name + `"}`})
	if p.TotalCount != 1 || p.ids()[0] != "2" {
		t.Fatalf("en: %v", p.ids())
	}
	var got page
	f.ok(t, `query($f: String) { getProductListing(filter: $f, defaultLanguage: "de") { totalCount } }`,
		map[string]any{"f": `{"name":"` + name + `"}`}, "getProductListing", &got)
	if got.TotalCount != 0 {
		t.Fatalf("de has no names, got %d", got.TotalCount)
	}
}

func TestNumericPrefix(t *testing.T) {
	for in, want := range map[string]string{"1000": "1000", " 12abc": "12", "2026-01-01": "2026", "x": "0", "infinity": "0",
		"+7": "7", "-1.5e3z": "-1.5e3", ".5": ".5", "1.": "1.", "": "0"} {
		if got := numericPrefix(in); got != want {
			t.Errorf("numericPrefix(%q) = %q, want %q", in, got, want)
		}
	}
}
