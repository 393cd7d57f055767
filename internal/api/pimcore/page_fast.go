package pimcore

import (
	"encoding/json"
	"strconv"

	"github.com/stewardhq/steward/internal/jsonscan"
)

// decodeListingFast reads the answer to a listing query in one pass with
// jsonscan: no errors (absent, null or []), data holding only the listing
// field, its totalCount an integer and its edges an array of objects each
// with a node, every node a slice of body (no copy). It reads only answers
// it is sure to read as Answer and DecodeListing would; ok is false for
// anything else (errors[], a null or missing listing, edges or node,
// nesting past jsonscan.MaxDepth, case-folded or repeated keys, bad JSON),
// and the caller then decodes with encoding/json, which also words the
// error.
func decodeListingFast(body []byte, field string) (l Listing, ok bool) {
	sc := jsonscan.New(body)
	seen := 0
	ok = sc.Object(func(key []byte) bool {
		switch string(key) {
		case "data":
			return jsonscan.Once(&seen, 1) && fastData(sc, field, &l)
		case "errors":
			return jsonscan.Once(&seen, 2) && fastNoErrors(sc)
		}
		return !jsonscan.MayFold(key, "data", "errors") && sc.Skip()
	})
	return l, ok && sc.End() && l.Nodes != nil
}

// fastNoErrors reads an errors member that holds no error.
func fastNoErrors(sc *jsonscan.Scanner) bool {
	if sc.Null() {
		return true
	}
	return sc.Array(sc.Fail)
}

// fastData reads a data object that holds the listing field and nothing
// else (DecodeListing would decode any other member as a listing too).
func fastData(sc *jsonscan.Scanner, field string, l *Listing) bool {
	found := false
	return sc.Object(func(key []byte) bool {
		if string(key) != field || found {
			return false
		}
		found = true
		return fastListing(sc, l)
	}) && found
}

// fastListing reads a listing object with its totalCount and edges.
func fastListing(sc *jsonscan.Scanner, l *Listing) bool {
	seen := 0
	ok := sc.Object(func(key []byte) bool {
		switch string(key) {
		case "totalCount":
			return jsonscan.Once(&seen, 1) && fastCount(sc, l)
		case "edges":
			return jsonscan.Once(&seen, 2) && fastEdges(sc, l)
		}
		return !jsonscan.MayFold(key, "totalCount", "edges") && sc.Skip()
	})
	return ok && seen == 3
}

// fastCount reads totalCount, an integer as encoding/json reads an int.
func fastCount(sc *jsonscan.Scanner, l *Listing) bool {
	text, ok := sc.Number()
	if !ok {
		return false
	}
	n, err := strconv.ParseInt(string(text), 10, strconv.IntSize)
	l.TotalCount = int(n)
	return err == nil || sc.Fail()
}

// fastEdges reads the edges array, each edge an object with one node.
func fastEdges(sc *jsonscan.Scanner, l *Listing) bool {
	l.Nodes = make([]json.RawMessage, 0, 16)
	return sc.Array(func() bool {
		var node json.RawMessage
		ok := sc.Object(func(key []byte) bool {
			if string(key) != "node" {
				return !jsonscan.MayFold(key, "node") && sc.Skip()
			}
			if node != nil {
				return false
			}
			var ok bool
			node, ok = sc.Raw()
			return ok
		})
		l.Nodes = append(l.Nodes, node)
		return ok && node != nil
	})
}

// memberFast returns the value of an object's first member named key,
// reading the whole object in one pass as member's rawjson.Members does;
// ok is false when jsonscan cannot read it (raw control bytes, deep
// nesting, escaped keys, bad JSON), and member then follows the object
// leniently.
func memberFast(b []byte, key string) (v []byte, found, ok bool) {
	sc := jsonscan.New(b)
	ok = sc.Object(func(k []byte) bool {
		raw, ok := sc.Raw()
		if ok && !found && string(k) == key {
			v, found = raw, true
		}
		return ok
	})
	return v, found, ok && sc.End()
}
