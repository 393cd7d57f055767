package pimcore

import (
	"strconv"
	"strings"
	"testing"
)

// One query text is parsed and validated once; sent again with other
// variables it answers for those variables, and its variable values are
// still checked every time.
func TestCachedDocumentServesEachRequestsVariables(t *testing.T) {
	f := newFixture(t, 10)
	q := `query($id: Int) { getProduct(id: $id) { sku } }`
	for _, id := range []int{2, 5, 2} {
		r := f.gql(t, q, map[string]any{"id": id})
		if len(r.Errors) > 0 || !strings.Contains(string(r.Data["getProduct"]), f.cat.SKU(id-1)) {
			t.Errorf("id %d: %s %+v", id, r.Data["getProduct"], r.Errors)
		}
	}
	if f.srv.document(q) != f.srv.document(q) {
		t.Error("the same query text was parsed twice")
	}
	msg, _ := f.gql(t, q, map[string]any{"id": "5"}).errorMessage()
	if !strings.Contains(msg, `Variable "$id" got invalid value "5"`) {
		t.Errorf("a cached query's variables are not checked: %q", msg)
	}
}

// A query that does not parse or does not validate fails each time it is
// sent, with the same errors, cached or not.
func TestCachedDocumentKeepsItsErrors(t *testing.T) {
	f := newFixture(t, 3)
	for _, c := range []struct{ query, want string }{
		{`{ getProduct(id: 1) { sku `, "Syntax Error"},
		{`{ getProduct(id: 1) { nope } }`, `Cannot query field "nope"`},
		{`query($x: Int) { getProduct(id: 1) { sku } }`, `Variable "$x" is never used`},
	} {
		for k := range 2 {
			r := f.gql(t, c.query, nil)
			msg, _ := r.errorMessage()
			if r.Data != nil || !strings.Contains(msg, c.want) {
				t.Errorf("%s (request %d): data %s, error %q, want %q", c.query, k+1, r.Data, msg, c.want)
			}
		}
	}
}

// The cache holds at most maxDocs documents.
func TestDocumentCacheIsBounded(t *testing.T) {
	f := newFixture(t, 3)
	for k := range maxDocs + 5 {
		f.srv.document(`{ getProduct(id: ` + strconv.Itoa(k+1) + `) { sku } }`)
	}
	f.srv.docs.mu.Lock()
	n := len(f.srv.docs.docs)
	f.srv.docs.mu.Unlock()
	if n > maxDocs || n == 0 {
		t.Errorf("%d documents cached, want 1..%d", n, maxDocs)
	}
}
