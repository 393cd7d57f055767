package salsify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/retry"
)

// Client calls one Salsify organization.
type Client struct {
	h      *httpx.Client
	org    string
	pacer  *pacer
	leaves bool
}

// Options are test seams and tuning; the zero value is production behaviour.
type Options struct {
	// Pacing tunes the slow-down ahead of the hourly request budget.
	Pacing Pacing
	// Leaves lists leaf products only (:product_type:leaf: simple products
	// and children, no parents) instead of every product.
	Leaves bool
}

// New wraps a ready HTTP client (bearer auth comes from the system's auth
// config) for organization org.
func New(h *httpx.Client, org string, opt Options) *Client {
	opt.Pacing.Sleep = h.PacedSleep(opt.Pacing.Sleep) // the pacer's waits reach the metrics
	return &Client{h: h, org: org, pacer: newPacer(opt.Pacing), leaves: opt.Leaves}
}

// ErrNoItems marks a listing page without its data array.
var ErrNoItems = errors.New("page has no data array")

// UndecodableError is a page that arrived whole but could not be decoded; it
// keeps the body so a poisoned product can be isolated.
type UndecodableError struct {
	URL  string
	Body []byte
	Err  error
}

func (e *UndecodableError) Error() string { return fmt.Sprintf("decode %s: %v", e.URL, e.Err) }
func (e *UndecodableError) Unwrap() error { return e.Err }

// Page is one listing page.
type Page struct {
	Data []json.RawMessage
	Meta Meta
}

// Meta is a listing page's meta object.
type Meta struct {
	PerPage      int  `json:"per_page"`
	TotalEntries int  `json:"total_entries"`
	CurrentPage  *int `json:"current_page"`
}

// ProductsPath is the products collection of the organization.
func (c *Client) ProductsPath() string { return "/api/v1/orgs/" + url.PathEscape(c.org) + "/products" }

// ListURL is the listing URL of page (from 1) at perPage with filter f ("":
// none). Spaces are written %20, never +.
func (c *Client) ListURL(f string, page, perPage int) string {
	q := url.Values{"page": {strconv.Itoa(page)}, "per_page": {strconv.Itoa(perPage)}}
	if c.leaves {
		f = strings.Replace(f, ProductTypeAll, ProductTypeLeaf, 1)
	}
	if f != "" {
		q.Set("filter", f)
	}
	u := c.h.Base()
	u.Path = strings.TrimRight(u.Path, "/") + c.ProductsPath()
	u.RawQuery = strings.ReplaceAll(q.Encode(), "+", "%20")
	return u.String()
}

// List fetches one listing page at link (from ListURL; a link to another host
// is refused; a fragment is never sent). A page without its data array wraps
// ErrNoItems; a page that cannot be decoded is an *UndecodableError.
func (c *Client) List(ctx context.Context, link string) (Page, error) {
	body, where, err := c.ListBody(ctx, link)
	if err != nil {
		return Page{}, err
	}
	return DecodePage(body, where)
}

// ListBody fetches the listing page at link as List does but leaves it
// undecoded, so that a caller holding one of a few concurrent calls frees
// it as soon as the answer has arrived; where names the page (redacted)
// for DecodePage.
func (c *Client) ListBody(ctx context.Context, link string) (body []byte, where string, err error) {
	abs, err := c.h.Resolve(link)
	if err != nil {
		return nil, "", err
	}
	abs, _, _ = strings.Cut(abs, "#")
	body, err = c.get(ctx, abs)
	return body, httpx.RedactString(abs), err
}

// DecodePage decodes a listing page fetched by ListBody: a page without its
// data array or meta object wraps ErrNoItems; a page that cannot be decoded
// is an *UndecodableError.
func DecodePage(body []byte, where string) (Page, error) {
	var raw struct {
		Data *[]json.RawMessage `json:"data"`
		Meta *Meta              `json:"meta"`
	}
	if err := json.Unmarshal(body, &raw); err != nil {
		return Page{}, &UndecodableError{URL: where, Body: body, Err: err}
	}
	if raw.Data == nil {
		return Page{}, fmt.Errorf("products page %s: %w", where, ErrNoItems)
	}
	if raw.Meta == nil {
		return Page{}, fmt.Errorf("products page %s: %w: no meta object", where, ErrNoItems)
	}
	return Page{Data: *raw.Data, Meta: *raw.Meta}, nil
}

// Count returns how many products match filter f (meta.total_entries).
func (c *Client) Count(ctx context.Context, f string) (int, error) {
	p, err := c.List(ctx, c.ListURL(f, 1, 1))
	if err != nil {
		return 0, fmt.Errorf("count products: %w", err)
	}
	return p.Meta.TotalEntries, nil
}

// Product reads one product by its salsify:id; found is false on 404.
func (c *Client) Product(ctx context.Context, id string) (doc json.RawMessage, found bool, err error) {
	u := c.h.URL(c.ProductsPath()+"/"+url.PathEscape(id), nil)
	body, err := c.get(ctx, u)
	if se, ok := asStatus(err); ok && se.Status == http.StatusNotFound {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("read product %q: %w", id, err)
	}
	return body, true, nil
}

// get sends a paced GET and returns the JSON body.
func (c *Client) get(ctx context.Context, abs string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, abs, nil)
	if err != nil {
		return nil, retry.Final(fmt.Errorf("build request: %w", err))
	}
	req.Header.Set("Accept", "application/json")
	resp, err := c.do(req)
	if err != nil {
		return nil, err
	}
	return httpx.ReadJSON(resp, httpx.RedactString(abs))
}

// do sends req after the pacer's wait and lets the pacer read the answer's
// rate-limit headers, error answers included. A 429 that announces the
// budget spent (x-ratelimit-remaining 0) is sent once more after the
// announced reset: Salsify sends no Retry-After, so the retries below this
// client cannot know how long to wait (the wait is paid from the run's
// budget; a run that cannot afford it stops with retry.ErrBudgetExhausted).
func (c *Client) do(req *http.Request) (*http.Response, error) {
	for again := true; ; again = false {
		if err := c.pacer.wait(req.Context()); err != nil {
			return nil, err
		}
		resp, err := c.h.Do(req)
		se, ok := asStatus(err)
		if !ok {
			if err != nil {
				return nil, err
			}
			c.pacer.observe(resp.Header)
			return resp, nil
		}
		c.pacer.observe(se.Header)
		if !again || se.Status != http.StatusTooManyRequests || !c.pacer.spent() {
			return nil, describe(err)
		}
		if req, err = httpx.Rewind(req); err != nil {
			return nil, err
		}
		c.h.Retried(req.Context())
	}
}

func nopCloser(b []byte) io.ReadCloser { return io.NopCloser(bytes.NewReader(b)) }

// Ping makes the cheapest authenticated read, one product of the listing: it
// proves the token, the organization id and the API's base path.
func (c *Client) Ping(ctx context.Context) error {
	_, err := c.Count(ctx, "")
	return err
}
