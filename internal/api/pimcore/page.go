package pimcore

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"

	"github.com/stewardhq/steward/internal/rawjson"
	"github.com/stewardhq/steward/internal/retry"
)

// ErrNoItems marks a listing answer without its edges array (the listing
// null or missing, edges null or missing): a protocol error, never an empty
// page. Asking again may help; ending the pass would lose records.
var ErrNoItems = errors.New("the listing has no edges array")

// ErrCutOff marks a body that ends before its JSON does: a connection closed
// early without the transport noticing. Asking again may help.
var ErrCutOff = errors.New("the answer ends before its JSON does")

// UndecodableError is an answer that arrived whole but is not valid JSON (a
// raw NUL byte inside a string, nesting deeper than the decoder allows): a
// poisoned object, not a transport failure. Body is the answer as received.
type UndecodableError struct {
	URL  string
	Body []byte
	Err  error
}

// Error names the endpoint and the decoder's complaint.
func (e *UndecodableError) Error() string {
	return fmt.Sprintf("decode graphql answer from %s: %v", e.URL, e.Err)
}

// Unwrap returns the decoder's error.
func (e *UndecodableError) Unwrap() error { return e.Err }

// undecodable tells a cut-off body (worth another attempt) from one that
// arrived whole but cannot be decoded.
func undecodable(where string, body []byte, err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) && se.Offset < int64(len(body)) {
		return &UndecodableError{URL: where, Body: body, Err: err}
	}
	return retry.Transient(fmt.Errorf("decode graphql answer from %s: %w: %w", where, ErrCutOff, err))
}

// Listing is one page of a get<Class>Listing: the number of objects the
// query matches (all pages together) and this page's nodes as raw JSON.
type Listing struct {
	TotalCount int
	Nodes      []json.RawMessage
}

// DecodeListing reads the listing field of a query's data.
func DecodeListing(data json.RawMessage, field string) (Listing, error) {
	var d map[string]*struct {
		TotalCount *int `json:"totalCount"`
		Edges      []struct {
			Node json.RawMessage `json:"node"`
		} `json:"edges"`
	}
	if err := json.Unmarshal(data, &d); err != nil {
		return Listing{}, fmt.Errorf("decode %s: %w", field, err)
	}
	l := d[field]
	switch {
	case l == nil || l.Edges == nil:
		return Listing{}, fmt.Errorf("%s: %w", field, ErrNoItems)
	case l.TotalCount == nil:
		return Listing{}, fmt.Errorf("%s: the listing has no totalCount", field)
	}
	out := Listing{TotalCount: *l.TotalCount, Nodes: make([]json.RawMessage, len(l.Edges))}
	for i, e := range l.Edges {
		out.Nodes[i] = e.Node
	}
	return out, nil
}

// AnswerListing decodes the body Send returned as the answer to a listing
// query, in one pass when it can (page_fast.go): the listing field's
// totalCount and nodes. Its errors are Answer's, and DecodeListing's naming
// the endpoint: a listing without its edges wraps ErrNoItems.
func (c *Client) AnswerListing(body []byte, field string) (Listing, error) {
	if l, ok := decodeListingFast(body, field); ok {
		return l, nil
	}
	data, _, err := c.Answer(body)
	if err != nil {
		return Listing{}, err
	}
	l, err := DecodeListing(data, field)
	if err != nil {
		return Listing{}, fmt.Errorf("graphql %s: %w", c.URL(), err)
	}
	return l, nil
}

// SalvageListing splits an answer that could not be decoded into the
// listing's totalCount and its nodes' raw text, following the structure
// leniently so that one poisoned object does not hide the rest.
func SalvageListing(body []byte, field string) (Listing, error) {
	listing, err := member(body, "data", field)
	if err != nil {
		return Listing{}, fmt.Errorf("salvage %s: %w", field, err)
	}
	members, err := rawjson.Members(listing)
	if err != nil {
		return Listing{}, fmt.Errorf("salvage %s: %w", field, err)
	}
	var out Listing
	found := false
	for _, m := range members {
		switch m.Key {
		case "totalCount":
			if out.TotalCount, err = strconv.Atoi(string(m.Value)); err != nil {
				return Listing{}, fmt.Errorf("salvage %s: totalCount %q", field, m.Value)
			}
		case "edges":
			if out.Nodes, err = nodes(m.Value); err != nil {
				return Listing{}, fmt.Errorf("salvage %s: %w", field, err)
			}
			found = true
		}
	}
	if !found {
		return Listing{}, fmt.Errorf("salvage %s: %w", field, ErrNoItems)
	}
	return out, nil
}

func nodes(edges []byte) ([]json.RawMessage, error) {
	els, err := rawjson.Elements(edges)
	if err != nil {
		return nil, err
	}
	out := make([]json.RawMessage, len(els))
	for i, e := range els {
		n, err := member(e, "node")
		if err != nil {
			return nil, fmt.Errorf("edge %d: %w", i, err)
		}
		out[i] = n
	}
	return out, nil
}

// member follows keys down nested objects, leniently; an object jsonscan
// reads is read in one pass (memberFast).
func member(b []byte, keys ...string) ([]byte, error) {
	for _, k := range keys {
		v, found, ok := memberFast(b, k)
		if !ok || !found {
			var err error
			if v, err = memberLenient(b, k); err != nil {
				return nil, err
			}
		}
		b = v
	}
	return b, nil
}

// memberLenient returns the value of an object's first member named k,
// following the object leniently.
func memberLenient(b []byte, k string) ([]byte, error) {
	ms, err := rawjson.Members(b)
	if err != nil {
		return nil, err
	}
	for _, m := range ms {
		if m.Key == k {
			return m.Value, nil
		}
	}
	return nil, fmt.Errorf("no %q member", k)
}

// PeekID reads an object node's id ("45"), leniently when the node as a
// whole cannot be decoded; "" when it has none.
func PeekID(node []byte) string {
	v, err := member(node, "id")
	if err != nil {
		return ""
	}
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s
	}
	if _, err := strconv.ParseInt(string(v), 10, 64); err == nil {
		return string(v)
	}
	return ""
}

// PeekInt reads an integer member of a node ("modificationDate"),
// leniently when the node as a whole cannot be decoded.
func PeekInt(node []byte, key string) (int64, bool) {
	v, err := member(node, key)
	if err != nil {
		return 0, false
	}
	n, err := strconv.ParseInt(string(v), 10, 64)
	return n, err == nil
}
