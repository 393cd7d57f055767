package pimcore_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/api/pimcore"
)

const field = "getProductListing"

// pageCases are listing answers, each with whether the one-pass decoder
// reads it itself (fast) or leaves it to encoding/json.
var pageCases = []struct {
	name, body string
	fast       bool
}{
	{"plain", `{"data":{"getProductListing":{"totalCount":3,"edges":[{"node":{"id":"1","price":12.50}},{"node":{"id":"2","name_de":"Stuhl \u00fc"}}]}}}`, true},
	{"spaced", " {\n \"data\" : { \"getProductListing\" : { \"edges\" : [ { \"cursor\":\"object-1\", \"node\" : { \"id\" : \"1\" } } ] , \"totalCount\" : 1 } } } \n", true},
	{"empty errors", `{"errors":[],"data":{"getProductListing":{"totalCount":0,"edges":[]}},"extensions":{"x":[1,{"y":null}]}}`, true},
	{"null errors", `{"data":{"getProductListing":{"totalCount":0,"edges":[]}},"errors":null}`, true},
	{"null node", `{"data":{"getProductListing":{"totalCount":1,"edges":[{"node":null}]}}}`, true},
	{"exact numbers", `{"data":{"getProductListing":{"totalCount":1,"edges":[{"node":{"price":1234567890123456789.123456789e0}}]}}}`, true},
	{"partial data", `{"data":{"getProductListing":{"totalCount":2,"edges":[{"node":{"id":"1"}}]}},"errors":[{"message":"Internal server error","path":["getProductListing","edges",1,"node"]}]}`, false},
	{"errors only", `{"errors":[{"message":"Syntax Error"}]}`, false},
	{"null data", `{"data":null}`, false},
	{"null listing", `{"data":{"getProductListing":null}}`, false},
	{"no listing", `{"data":{"other":{"totalCount":1,"edges":[]}}}`, false},
	{"empty data", `{"data":{}}`, false},
	{"null edges", `{"data":{"getProductListing":{"totalCount":3,"edges":null}}}`, false},
	{"no edges", `{"data":{"getProductListing":{"totalCount":3,"x":[]}}}`, false},
	{"no totalCount", `{"data":{"getProductListing":{"edges":[]}}}`, false},
	{"null totalCount", `{"data":{"getProductListing":{"totalCount":null,"edges":[]}}}`, false},
	{"float totalCount", `{"data":{"getProductListing":{"totalCount":1.5,"edges":[]}}}`, false},
	{"huge totalCount", `{"data":{"getProductListing":{"totalCount":99999999999999999999,"edges":[]}}}`, false},
	{"string totalCount", `{"data":{"getProductListing":{"totalCount":"1","edges":[]}}}`, false},
	{"folded keys", `{"Data":{"getProductListing":{"TotalCount":1,"EDGES":[{"Node":{"id":"1"}}]}}}`, false},
	{"escaped key", `{"d\u0061ta":{"getProductListing":{"totalCount":1,"edges":[{"node":{"id":"1"}}]}}}`, false},
	{"repeated count", `{"data":{"getProductListing":{"totalCount":1,"totalCount":2,"edges":[{"node":{"id":"1"}}]}}}`, false},
	{"repeated node", `{"data":{"getProductListing":{"totalCount":1,"edges":[{"node":{"id":"1"},"node":{"id":"2"}}]}}}`, false},
	{"edge without node", `{"data":{"getProductListing":{"totalCount":1,"edges":[{}]}}}`, false},
	{"null edge", `{"data":{"getProductListing":{"totalCount":1,"edges":[null]}}}`, false},
	{"two listings", `{"data":{"getProductListing":{"totalCount":0,"edges":[]},"x":{"totalCount":0,"edges":[]}}}`, false},
	{"cut off", `{"data":{"getProductListing":{"totalCount":1,"edges":[{"node":{"id":"1"`, false},
	{"raw NUL", "{\"data\":{\"getProductListing\":{\"totalCount\":1,\"edges\":[{\"node\":{\"id\":\"a\x00b\"}}]}}}", false},
	{"deep", `{"data":{"getProductListing":{"totalCount":1,"edges":[{"node":{"x":` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}}]}}}`, false},
	{"trailing", `{"data":{"getProductListing":{"totalCount":0,"edges":[]}}} x`, false},
	{"not an object", `[]`, false},
	{"empty", ``, false},
}

// The one-pass decoder reads the plain answers itself, and every answer
// decodes as Answer and DecodeListing decode it: the same listing, nodes
// byte for byte, or an error of the same kind.
func TestAnswerListingIsTheSlowRead(t *testing.T) {
	c := client(t, &recorder{}, minimal)
	for _, tc := range pageCases {
		t.Run(tc.name, func(t *testing.T) {
			body := []byte(tc.body)
			if _, ok := pimcore.DecodeListingFast(body, field); ok != tc.fast {
				t.Errorf("one pass took it: %v, want %v", ok, tc.fast)
			}
			same(t, c, body)
		})
	}
}

// same fails t unless AnswerListing reads body as the slow path does.
func same(t *testing.T, c *pimcore.Client, body []byte) {
	t.Helper()
	got, err := c.AnswerListing(body, field)
	want, werr := slow(c, body)
	if (err == nil) != (werr == nil) {
		t.Fatalf("one pass: %v; slow: %v", err, werr)
	}
	if err != nil {
		for _, kind := range []error{pimcore.ErrNoItems, pimcore.ErrCutOff} {
			if errors.Is(err, kind) != errors.Is(werr, kind) {
				t.Fatalf("one pass: %v; slow: %v", err, werr)
			}
		}
		var ee *pimcore.ErrorsError
		var ue *pimcore.UndecodableError
		if errors.As(err, &ee) != errors.As(werr, &ee) || errors.As(err, &ue) != errors.As(werr, &ue) {
			t.Fatalf("one pass: %v; slow: %v", err, werr)
		}
		return
	}
	if got.TotalCount != want.TotalCount || len(got.Nodes) != len(want.Nodes) {
		t.Fatalf("one pass: %d of %d nodes; slow: %d of %d", len(got.Nodes), got.TotalCount, len(want.Nodes), want.TotalCount)
	}
	for i := range got.Nodes {
		if !bytes.Equal(got.Nodes[i], want.Nodes[i]) {
			t.Fatalf("node %d: one pass %q; slow %q", i, got.Nodes[i], want.Nodes[i])
		}
	}
}

// slow decodes an answer with encoding/json alone.
func slow(c *pimcore.Client, body []byte) (pimcore.Listing, error) {
	data, _, err := c.Answer(body)
	if err != nil {
		return pimcore.Listing{}, err
	}
	return pimcore.DecodeListing(data, field)
}

// A listing without its edges is an error naming the endpoint (never its
// key), never an empty page.
func TestAnswerListingWithoutItemsNamesTheEndpoint(t *testing.T) {
	c := client(t, &recorder{}, minimal)
	for _, body := range []string{`{"data":{"getProductListing":null}}`, `{"data":{"getProductListing":{"totalCount":3,"edges":null}}}`, `{"data":{}}`} {
		_, err := c.AnswerListing([]byte(body), field)
		if !errors.Is(err, pimcore.ErrNoItems) || !strings.Contains(err.Error(), "/pimcore-graphql-webservices/steward") || strings.Contains(err.Error(), key) {
			t.Errorf("%s: %v", body, err)
		}
	}
}

// FuzzPageDecode: any answer either decodes or errors, never panics, the
// one-pass decoder reads it as encoding/json does, and a member (an
// object's id) read in one pass is the one the lenient read finds.
//
//	go test -run '^$' -fuzz FuzzPageDecode -fuzztime 20s ./internal/api/pimcore
func FuzzPageDecode(f *testing.F) {
	for _, tc := range pageCases {
		f.Add([]byte(tc.body))
	}
	for _, tc := range nodeCases {
		f.Add([]byte(tc.node))
	}
	c := client(f, &recorder{}, minimal)
	f.Fuzz(func(t *testing.T, body []byte) {
		same(t, c, body)
		sameMember(t, body, "id")
		sameMember(t, body, "data")
		if l, err := c.AnswerListing(body, field); err == nil {
			for _, n := range l.Nodes {
				sameMember(t, n, "id")
				_ = pimcore.PeekID(n)
			}
		}
	})
}
