package pimcore

import (
	"strconv"
	"strings"
	"testing"
)

const listQuery = `query($first: Int, $after: Int, $sortBy: [String], $filter: String, $published: Boolean) {
  getProductListing(first: $first, after: $after, sortBy: $sortBy, filter: $filter, published: $published) {
    totalCount
    edges { cursor node { id sku modificationDate published } }
  }
}`

// list runs the listing query with vars.
func (f *fixture) list(t *testing.T, vars map[string]any) page {
	t.Helper()
	var p page
	f.ok(t, listQuery, vars, "getProductListing", &p)
	return p
}

// PROTOCOLS §8: first = limit, after = integer offset; loop after += first
// until after >= totalCount reads every object once. Ids are strings and
// each edge has the cursor "object-<id>".
func TestListingPagesWithFirstAfterUntilTotalCount(t *testing.T) {
	f := newFixture(t, 23)
	seen := map[string]bool{}
	after, total := 0, -1
	for total < 0 || after < total {
		p := f.list(t, map[string]any{"first": 5, "after": after, "sortBy": []string{"id"}})
		total = p.TotalCount
		for k, id := range p.ids() {
			if seen[id] {
				t.Fatalf("id %s twice", id)
			}
			seen[id] = true
			if p.Edges[k].Cursor != "object-"+id {
				t.Errorf("cursor %q for id %s", p.Edges[k].Cursor, id)
			}
		}
		after += 5
	}
	if total != 23 || len(seen) != 23 {
		t.Fatalf("total %d, read %d", total, len(seen))
	}
	for i := 1; i <= 23; i++ {
		if !seen[strconv.Itoa(i)] {
			t.Errorf("object %d never read", i)
		}
	}
}

func TestNodeIdsAreStrings(t *testing.T) {
	f := newFixture(t, 3)
	_, body, _ := f.post(t, `{"query":"{ getProductListing(first: 1, sortBy: [\"id\"]) { edges { node { id } } } }"}`)
	want := `{"data":{"getProductListing":{"edges":[{"node":{"id":"1"}}]}}}` + "\n"
	if string(body) != want {
		t.Fatalf("body %s, want %s", body, want)
	}
}

// after is an Int: a Relay cursor string is a validation error, as a literal
// and as a variable, and the request does not execute.
func TestAfterCursorStringRefused(t *testing.T) {
	f := newFixture(t, 3)
	for name, c := range map[string]struct {
		q    string
		vars map[string]any
	}{
		"literal":         {`{ getProductListing(first: 1, after: "object-1") { totalCount } }`, nil},
		"variable":        {`query($a: Int) { getProductListing(first: 1, after: $a) { totalCount } }`, map[string]any{"a": "object-1"}},
		"numeric string":  {`query($a: Int) { getProductListing(first: 1, after: $a) { totalCount } }`, map[string]any{"a": "1"}},
		"String variable": {`query($a: String) { getProductListing(first: 1, after: $a) { totalCount } }`, map[string]any{"a": "object-1"}},
	} {
		r := f.gql(t, c.q, c.vars)
		if len(r.Errors) == 0 || r.Data != nil {
			t.Errorf("%s: want a validation error without data, got data %s errors %+v", name, r.Data, r.Errors)
		}
	}
}

// Without sortBy the order is the database's and changes between requests:
// paging without sortBy misses objects, with sortBy it does not.
func TestOrderWithoutSortByIsUnstable(t *testing.T) {
	f := newFixture(t, 40)
	a, b := f.list(t, nil).ids(), f.list(t, nil).ids()
	if len(a) != 40 || len(b) != 40 {
		t.Fatalf("got %d and %d objects", len(a), len(b))
	}
	same := true
	for k := range a {
		same = same && a[k] == b[k]
	}
	if same {
		t.Fatal("two listings without sortBy came in the same order")
	}
	if a[0] == "1" && a[1] == "2" && a[2] == "3" {
		t.Error("unsorted listing looks ordered by id")
	}
	seen := map[string]bool{}
	for after := 0; after < 40; after += 10 {
		for _, id := range f.list(t, map[string]any{"first": 10, "after": after}).ids() {
			seen[id] = true
		}
	}
	if len(seen) == 40 {
		t.Error("paging without sortBy read every object once; the emulator would not catch a connector forgetting sortBy")
	}
}

// Unpublished objects are left out unless published: false, which returns
// published and unpublished alike; the getter finds unpublished ones.
func TestPublishedHandling(t *testing.T) {
	f := newFixture(t, 10)
	if !f.srv.Unpublish(3) {
		t.Fatal("unpublish failed")
	}
	count := func(vars map[string]any) (int, map[string]bool) {
		p := f.list(t, vars)
		ids := map[string]bool{}
		for _, id := range p.ids() {
			ids[id] = true
		}
		return p.TotalCount, ids
	}
	if n, ids := count(map[string]any{"sortBy": []string{"id"}}); n != 9 || ids["3"] {
		t.Errorf("default: total %d, has 3: %v", n, ids["3"])
	}
	if n, ids := count(map[string]any{"published": true}); n != 9 || ids["3"] {
		t.Errorf("published true: total %d, has 3: %v", n, ids["3"])
	}
	if n, ids := count(map[string]any{"published": false}); n != 10 || !ids["3"] || !ids["4"] {
		t.Errorf("published false: total %d, want all 10 (published and unpublished)", n)
	}
	var got map[string]any
	f.ok(t, `{ getProduct(id: 3) { id published } }`, nil, "getProduct", &got)
	if got["id"] != "3" || got["published"] != false {
		t.Errorf("getter: %v", got)
	}
}

// Offset paging under concurrent edits: a deletion between two pages shifts
// the offsets (one object is skipped), a touch moves an object in a
// modificationDate order; the hooks let connector tests provoke both.
func TestMutationHooksBetweenPages(t *testing.T) {
	f := newFixture(t, 10)
	first := f.list(t, map[string]any{"first": 5, "after": 0, "sortBy": []string{"id"}}).ids()
	f.srv.Delete(2)
	second := f.list(t, map[string]any{"first": 5, "after": 5, "sortBy": []string{"id"}})
	if first[4] != "5" || second.TotalCount != 9 || second.ids()[0] != "7" {
		t.Fatalf("after deleting 2: first page %v, second page %v of %d", first, second.ids(), second.TotalCount)
	}
	f.srv.Touch(1)
	p := f.list(t, map[string]any{"sortBy": []string{"modificationDate"}, "filter": `{"modificationDate": {"$gte": ` +
		strconv.FormatInt(testNow.Unix(), 10) + `}}`})
	if p.TotalCount != 1 || p.ids()[0] != "1" {
		t.Fatalf("touched object: %v of %d", p.ids(), p.TotalCount)
	}
	var got map[string]any
	r := f.gql(t, `{ getProduct(id: 2) { id } }`, nil)
	if msg, _ := r.errorMessage(); msg != "object with id:'2' not found" {
		t.Errorf("deleted object: %q %v", msg, got)
	}
}

// ids and fullpaths narrow the listing; sortOrder DESC reverses; a negative
// offset and an unknown sort column are resolver failures.
func TestListingIdsFullpathsAndSortOrder(t *testing.T) {
	f := newFixture(t, 6)
	var p page
	f.ok(t, `{ getProductListing(ids: "2,4,5", sortBy: ["id"], sortOrder: ["DESC"]) { totalCount edges { node { id } } } }`, nil, "getProductListing", &p)
	if got := strings.Join(p.ids(), ","); got != "5,4,2" || p.TotalCount != 3 {
		t.Errorf("ids DESC: %s of %d", got, p.TotalCount)
	}
	f.ok(t, `{ getProductListing(fullpaths: "/Products/SKU-0000001,'/Products/SKU-0000006'", sortBy: ["key"]) { totalCount edges { node { id } } } }`, nil, "getProductListing", &p)
	if got := strings.Join(p.ids(), ","); got != "1,6" {
		t.Errorf("fullpaths: %s", got)
	}
	for _, q := range []string{`{ getProductListing(after: -1) { totalCount } }`, `{ getProductListing(sortBy: ["nosuch"]) { totalCount } }`,
		`{ getProductListing(sortBy: ["id"], sortOrder: ["SIDEWAYS"]) { totalCount } }`} {
		if msg, _ := f.gql(t, q, nil).errorMessage(); msg != "Internal server error" {
			t.Errorf("%s: %q", q, msg)
		}
	}
}

// An object saved between two pages of a modificationDate order moves to the
// end: the objects behind it shift down and one is skipped. Connectors page
// in id order or re-read from the last modificationDate seen.
func TestTouchBetweenPagesShiftsOffsets(t *testing.T) {
	f := newFixture(t, 10)
	byDate := map[string]any{"first": 5, "sortBy": []string{"modificationDate", "id"}}
	all := f.list(t, map[string]any{"sortBy": []string{"modificationDate", "id"}}).ids()
	first := f.list(t, byDate).ids()
	touched, _ := strconv.Atoi(first[1])
	f.srv.Touch(touched)
	byDate["after"] = 5
	second := f.list(t, byDate).ids()
	read := map[string]bool{}
	for _, id := range append(first, second...) {
		read[id] = true
	}
	if read[all[5]] || second[4] != first[1] {
		t.Fatalf("all %v, first %v, second %v: want %s skipped and %s again at the end", all, first, second, all[5], first[1])
	}
	second = f.list(t, map[string]any{"first": 5, "after": 5, "sortBy": []string{"id"}}).ids()
	if strings.Join(second, ",") != "6,7,8,9,10" {
		t.Errorf("id order moved: %v", second)
	}
}

// Ties under the sort columns have no order: sorted by modificationDate
// alone, objects sharing a second come in another order from request to
// request, as MySQL may give them; adding id makes the order total.
func TestTiesUnderSortByAreUnstable(t *testing.T) {
	f := newFixture(t, 40) // 40 objects over 10 seconds: ties
	orders := map[string]bool{}
	for range 8 {
		orders[strings.Join(f.list(t, map[string]any{"sortBy": []string{"modificationDate"}}).ids(), ",")] = true
	}
	if len(orders) < 2 {
		t.Errorf("8 listings sorted by modificationDate alone gave ties in one order")
	}
	orders = map[string]bool{}
	for range 4 {
		orders[strings.Join(f.list(t, map[string]any{"sortBy": []string{"modificationDate", "id"}}).ids(), ",")] = true
	}
	if len(orders) != 1 {
		t.Errorf("sorted by modificationDate and id: %d orders", len(orders))
	}
}
