package akeneo

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/retry"
)

// Client calls one Akeneo instance.
type Client struct {
	h *httpx.Client
}

// New wraps a ready HTTP client for an Akeneo system.
func New(h *httpx.Client) *Client { return &Client{h: h} }

// Page is one page of a search_after listing.
type Page struct {
	Links struct {
		Next *struct {
			Href string `json:"href"`
		} `json:"next"`
	} `json:"_links"`
	Embedded *struct {
		Items []json.RawMessage `json:"items"`
	} `json:"_embedded"`
}

// NextLink returns the next page's href, or "" on the last page.
func (p Page) NextLink() string {
	if p.Links.Next == nil {
		return ""
	}
	return p.Links.Next.Href
}

// Filter is the search parameter: property → list of {operator, value}.
type Filter map[string][]Condition

// Condition is one operator and value of a search filter.
type Condition struct {
	Operator string `json:"operator"`
	Value    any    `json:"value,omitempty"`
}

// UpdatedBetween filters on the update date: strictly after from (Akeneo has no
// >=) and, when to is set, before to.
func UpdatedBetween(from, to time.Time) Filter {
	f := Filter{}
	switch {
	case !from.IsZero() && !to.IsZero():
		f["updated"] = []Condition{{Operator: ">", Value: from.UTC().Format(TimeLayout)}, {Operator: "<", Value: to.UTC().Format(TimeLayout)}}
	case !from.IsZero():
		f["updated"] = []Condition{{Operator: ">", Value: from.UTC().Format(TimeLayout)}}
	case !to.IsZero():
		f["updated"] = []Condition{{Operator: "<", Value: to.UTC().Format(TimeLayout)}}
	}
	return f
}

// ProductsURL is the first page of a search_after listing of /products-uuid.
func (c *Client) ProductsURL(f Filter, limit int) (string, error) {
	q := url.Values{"pagination_type": {"search_after"}, "limit": {strconv.Itoa(limit)}}
	if len(f) > 0 {
		b, err := json.Marshal(f)
		if err != nil {
			return "", err
		}
		q.Set("search", string(b))
	}
	return c.h.URL("/api/rest/v1/products-uuid", q), nil
}

// Get fetches one listing page. The link must come from ProductsURL (or
// another first-page URL of this client) or a previous page's next link; a
// link to another host is refused. A page without
// its items array is an error wrapping ErrNoItems; a page that arrived whole
// but cannot be decoded is an *UndecodableError carrying the body.
func (c *Client) Get(ctx context.Context, link string) (Page, error) {
	abs, err := c.h.Resolve(link)
	if err != nil {
		return Page{}, err
	}
	p, _, err := c.fetchPage(ctx, abs)
	return p, err
}

// CountUpdated returns how many products match f, using page pagination with
// with_count (search_after has no count).
func (c *Client) CountUpdated(ctx context.Context, f Filter) (int, error) {
	q := url.Values{"pagination_type": {"page"}, "limit": {"1"}, "with_count": {"true"}}
	if len(f) > 0 {
		b, _ := json.Marshal(f)
		q.Set("search", string(b))
	}
	var body struct {
		ItemsCount *int `json:"items_count"`
	}
	if _, err := c.h.GetJSON(ctx, c.h.URL("/api/rest/v1/products-uuid", q), nil, &body); err != nil {
		return 0, describe(err)
	}
	if body.ItemsCount == nil {
		return 0, fmt.Errorf("count products: the response has no items_count")
	}
	return *body.ItemsCount, nil
}

// ProductsByIdentifier fetches the products with the given identifiers from
// /products (identifier-keyed), restricted to attributes when given.
func (c *Client) ProductsByIdentifier(ctx context.Context, ids []string, attributes []string) ([]json.RawMessage, error) {
	search, _ := json.Marshal(Filter{"identifier": {{Operator: "IN", Value: ids}}})
	q := url.Values{"search": {string(search)}, "limit": {strconv.Itoa(MaxPageSize)}, "pagination_type": {"search_after"}}
	if len(attributes) > 0 {
		q.Set("attributes", joinComma(attributes))
	}
	return c.all(ctx, c.h.URL("/api/rest/v1/products", q))
}

// ProductsByValue fetches from /products-uuid the products whose attribute
// attr (the identifier attribute, say) holds one of values, restricted to
// attributes when given.
func (c *Client) ProductsByValue(ctx context.Context, attr string, values []string, attributes []string) ([]json.RawMessage, error) {
	search, _ := json.Marshal(Filter{attr: {{Operator: "IN", Value: values}}})
	q := url.Values{"search": {string(search)}, "limit": {strconv.Itoa(MaxPageSize)}, "pagination_type": {"search_after"}}
	if len(attributes) > 0 {
		q.Set("attributes", joinComma(attributes))
	}
	return c.all(ctx, c.h.URL("/api/rest/v1/products-uuid", q))
}

func (c *Client) all(ctx context.Context, link string) ([]json.RawMessage, error) {
	var out []json.RawMessage
	for link != "" {
		p, err := c.Get(ctx, link)
		if err != nil {
			return nil, err
		}
		out = append(out, p.Embedded.Items...)
		link = p.NextLink()
	}
	return out, nil
}

// LineResult is the outcome of one line of a collection PATCH.
type LineResult struct {
	Line       int          `json:"line"`
	Identifier string       `json:"identifier"`
	UUID       string       `json:"uuid"`
	Code       string       `json:"code"`
	StatusCode int          `json:"status_code"`
	Message    string       `json:"message"`
	Errors     []FieldError `json:"errors"`
}

// Describe renders the line's message with its field errors.
func (l LineResult) Describe() string {
	e := Error{Code: l.StatusCode, Message: l.Message, Errors: l.Errors}
	return e.Describe()
}

// PatchCollection upserts up to MaxBatch objects on a collection path such as
// /api/rest/v1/products and returns one result per line, in input order.
// Upserts are keyed, so the call is safe to repeat.
func (c *Client) PatchCollection(ctx context.Context, path string, objects []json.RawMessage) ([]LineResult, error) {
	if len(objects) > MaxBatch {
		return nil, fmt.Errorf("patch %s: %d lines, over the %d limit", path, len(objects), MaxBatch)
	}
	var body bytes.Buffer
	for _, o := range objects {
		body.Write(bytes.TrimSpace(o))
		body.WriteByte('\n')
	}
	payload := body.Bytes()
	req, err := http.NewRequestWithContext(httpx.Idempotent(ctx), http.MethodPatch, c.h.URL(path, nil), bytes.NewReader(payload))
	if err != nil {
		return nil, err
	}
	req.GetBody = func() (io.ReadCloser, error) { return nopCloser(payload), nil }
	req.Header.Set("Content-Type", "application/vnd.akeneo.collection+json")
	resp, err := c.h.Do(req)
	if err != nil {
		return nil, fmt.Errorf("patch %s: %w", path, describe(err))
	}
	return parseLines(resp, len(objects), path)
}

func parseLines(resp *http.Response, want int, path string) ([]LineResult, error) {
	var out []LineResult
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 64<<10), 4<<20)
	for sc.Scan() {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 {
			continue
		}
		var r LineResult
		if err := json.Unmarshal(line, &r); err != nil {
			return nil, fmt.Errorf("patch %s: response line %d is not JSON: %w", path, len(out)+1, err)
		}
		out = append(out, r)
	}
	if err := sc.Err(); err != nil {
		return nil, retry.Transient(fmt.Errorf("patch %s: read response: %w", path, err))
	}
	if len(out) != want {
		return nil, fmt.Errorf("patch %s: %d result lines for %d sent lines", path, len(out), want)
	}
	return out, nil
}

// describe adds Akeneo's own message to a status error.
func describe(err error) error {
	se, ok := asStatus(err)
	if !ok {
		return err
	}
	var e Error
	if json.Unmarshal(se.Body, &e) == nil && e.Message != "" {
		return fmt.Errorf("%s %s: status %d: %s: %w", se.Method, se.URL, se.Status, e.Describe(), errStatus(se.Status))
	}
	return err
}

func joinComma(ss []string) string {
	var b bytes.Buffer
	for i, s := range ss {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(s)
	}
	return b.String()
}
