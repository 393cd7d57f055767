package dataverse

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/rawjson"
)

// Page is one page of a collection or delta read.
type Page struct {
	// Value holds the page's entities as received: rows, and in a delta
	// read removed entities too. Salvaged pages may hold elements that are
	// not valid JSON; each is the raw text of one entity.
	Value []json.RawMessage
	// NextLink is the server's link to the next page ("" on the last).
	NextLink string
	// DeltaLink is the link of the next change tracking read, on the last
	// page of a tracked read.
	DeltaLink string
	// Salvaged says the page as a whole was not valid JSON and its entities
	// were split leniently.
	Salvaged bool
	// URL names the page without credentials.
	URL string
}

// ProtocolError is a page that arrived whole but is not a collection page,
// such as one without its "value" array; it is never the end of data.
type ProtocolError struct{ URL, Reason string }

func (e *ProtocolError) Error() string { return fmt.Sprintf("page %s: %s", e.URL, e.Reason) }

// Page fetches one page at link (a collection URL, or a next or delta link
// followed verbatim) with the Prefer header prefer. A link to another host
// is refused before anything is sent; next and delta links are checked too.
func (c *Client) Page(ctx context.Context, link, prefer string) (Page, error) {
	where := httpx.RedactString(link)
	body, err := c.get(ctx, link, prefer)
	if err != nil {
		return Page{URL: where}, err
	}
	p, err := parsePage(body, where)
	if err != nil {
		return p, err
	}
	for _, l := range []*string{&p.NextLink, &p.DeltaLink} {
		if *l == "" {
			continue
		}
		if *l, err = c.h.ResolveFrom(link, *l); err != nil {
			return p, err
		}
	}
	return p, nil
}

// parsePage decodes a page; a body that is not valid JSON is split
// leniently so that one poisoned entity does not hide the others.
func parsePage(body []byte, where string) (Page, error) {
	p := Page{URL: where}
	var members map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(body))
	err := dec.Decode(&members)
	if err == nil {
		if _, terr := dec.Token(); terr != io.EOF {
			return p, fmt.Errorf("decode %s: trailing data after the JSON document", where)
		}
		return p, p.fill(members, func(raw []byte) ([]json.RawMessage, error) {
			var v []json.RawMessage
			return v, json.Unmarshal(raw, &v)
		})
	}
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return p, fmt.Errorf("decode %s: %w", where, err)
	}
	ms, rerr := rawjson.Members(body)
	if rerr != nil {
		return p, fmt.Errorf("decode %s: %v; split leniently: %w", where, err, rerr)
	}
	members = map[string]json.RawMessage{}
	for _, m := range ms {
		members[m.Key] = m.Value
	}
	p.Salvaged = true
	return p, p.fill(members, func(raw []byte) ([]json.RawMessage, error) {
		items, err := rawjson.Elements(raw)
		v := make([]json.RawMessage, len(items))
		for i, it := range items {
			v[i] = it
		}
		return v, err
	})
}

// fill reads the value array and the links from a page's members.
func (p *Page) fill(members map[string]json.RawMessage, split func([]byte) ([]json.RawMessage, error)) error {
	raw, ok := members["value"]
	if !ok || string(bytes.TrimSpace(raw)) == "null" {
		return &ProtocolError{URL: p.URL, Reason: `no "value" array in the response (missing or null)`}
	}
	v, err := split(raw)
	if err != nil || v == nil && string(bytes.TrimSpace(raw)) != "[]" {
		return &ProtocolError{URL: p.URL, Reason: fmt.Sprintf(`"value" is not an array of entities (%v)`, err)}
	}
	p.Value = v
	for _, k := range [][2]string{{"@odata.nextLink", "@nextLink"}, {"@odata.deltaLink", "@deltaLink"}} {
		dst := &p.NextLink
		if k[0] == "@odata.deltaLink" {
			dst = &p.DeltaLink
		}
		for _, name := range k {
			if l, ok := members[name]; ok {
				if err := json.Unmarshal(l, dst); err != nil {
					return fmt.Errorf("page %s: %s is not a string", p.URL, name)
				}
			}
		}
	}
	if p.NextLink != "" && p.DeltaLink != "" {
		return &ProtocolError{URL: p.URL, Reason: "the page carries both a next link and a delta link"}
	}
	return nil
}
