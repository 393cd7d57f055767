package akeneo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/rawjson"
	"github.com/stewardhq/steward/internal/retry"
)

// ErrNoItems marks a listing page without its _embedded.items array
// ("_embedded":{}, "items":null or no _embedded at all): a protocol error, never
// an empty page. Asking again may help; ending the pass would lose records.
var ErrNoItems = errors.New("the page has no _embedded.items array")

// ErrCutOff marks a page body that ends before its JSON does: a connection
// closed early without the transport noticing. Asking again may help.
var ErrCutOff = errors.New("the page ends before its JSON does")

// UndecodableError is a listing page that arrived whole but is not valid JSON
// (a raw NUL byte inside a string, nesting deeper than the decoder allows): a
// poisoned record, not a transport failure. Body is the page as received.
type UndecodableError struct {
	URL  string
	Body []byte
	Err  error
}

// Error names the page and the decoder's complaint.
func (e *UndecodableError) Error() string {
	return fmt.Sprintf("decode page %s: %v", e.URL, e.Err)
}

// Unwrap returns the decoder's error.
func (e *UndecodableError) Unwrap() error { return e.Err }

// fetchPage gets one listing page and returns it with its raw body.
func (c *Client) fetchPage(ctx context.Context, abs string) (Page, []byte, error) {
	body, where, err := c.readPage(ctx, abs)
	if err != nil {
		return Page{}, nil, err
	}
	p, err := decodePage(body, where)
	return p, body, err
}

// readPage gets one listing page's body.
func (c *Client) readPage(ctx context.Context, abs string) ([]byte, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, abs, nil)
	if err != nil {
		return nil, "", retry.Final(fmt.Errorf("build request: %w", err))
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.h.Do(req)
	if err != nil {
		return nil, "", describe(err)
	}
	defer resp.Body.Close()
	where := httpx.RedactString(abs)
	body, err := httpx.ReadJSON(resp, where)
	return body, where, err
}

// DecodePage decodes a listing page body as Get does; where names the page
// in errors.
func DecodePage(body []byte, where string) (Page, error) { return decodePage(body, where) }

// decodePage decodes a listing page, telling a cut-off body (worth another
// attempt) from one that arrived whole but cannot be decoded, and refusing a
// page without its items array.
func decodePage(body []byte, where string) (Page, error) {
	if p, ok := decodePageFast(body); ok {
		return p, nil
	}
	var p Page
	if err := json.Unmarshal(body, &p); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) && se.Offset < int64(len(body)) {
			return p, &UndecodableError{URL: where, Body: body, Err: err}
		}
		return p, retry.Transient(fmt.Errorf("decode page %s: %w: %w", where, ErrCutOff, err))
	}
	if p.Embedded == nil || p.Embedded.Items == nil {
		return p, fmt.Errorf("page %s: %w", where, ErrNoItems)
	}
	return p, nil
}

// WithLimit returns link with its page size set to limit, every other byte
// (the server's opaque cursor included) untouched: the same stretch asked for
// in smaller pages.
func WithLimit(link string, limit int) (string, error) {
	u, err := url.Parse(link)
	if err != nil {
		return "", fmt.Errorf("resize page link: %w", err)
	}
	var parts []string
	if u.RawQuery != "" {
		parts = strings.Split(u.RawQuery, "&")
	}
	set := "limit=" + strconv.Itoa(limit)
	replaced := false
	for i, p := range parts {
		if p == "limit" || strings.HasPrefix(p, "limit=") {
			parts[i], replaced = set, true
		}
	}
	if !replaced {
		parts = append(parts, set)
	}
	u.RawQuery = strings.Join(parts, "&")
	return u.String(), nil
}

// LimitOf returns the page size a link asks for (Akeneo's default 10 when absent).
func LimitOf(link string) int {
	u, err := url.Parse(link)
	if err != nil {
		return 10
	}
	n, err := strconv.Atoi(u.Query().Get("limit"))
	if err != nil || n < 1 {
		return 10
	}
	return n
}

// SalvagePage splits a page that could not be decoded into its items' raw
// text and its next link, following the structure leniently so that one
// poisoned item does not hide the rest of the page.
func SalvagePage(body []byte) (items [][]byte, next string, err error) {
	members, err := rawjson.Members(body)
	if err != nil {
		return nil, "", fmt.Errorf("salvage page: %w", err)
	}
	found := false
	for _, m := range members {
		switch m.Key {
		case "_links":
			var p Page
			if err := json.Unmarshal(append([]byte(`{"_links":`), append(m.Value, '}')...), &p); err != nil {
				return nil, "", fmt.Errorf("salvage page: _links: %w", err)
			}
			next = p.NextLink()
		case "_embedded":
			items, found, err = embeddedItems(m.Value)
			if err != nil {
				return nil, "", fmt.Errorf("salvage page: %w", err)
			}
		}
	}
	if !found {
		return nil, "", fmt.Errorf("salvage page: %w", ErrNoItems)
	}
	return items, next, nil
}

func embeddedItems(b []byte) ([][]byte, bool, error) {
	members, err := rawjson.Members(b)
	if err != nil {
		return nil, false, fmt.Errorf("_embedded: %w", err)
	}
	for _, m := range members {
		if m.Key == "items" {
			items, err := rawjson.Elements(m.Value)
			return items, err == nil, err
		}
	}
	return nil, false, nil
}
