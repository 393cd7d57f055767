package odata

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/retry"
)

// Client calls one OData v4 service host.
type Client struct {
	h        *httpx.Client
	settings Settings
	policy   retry.Policy
	sleep    func(ctx context.Context, d time.Duration) error

	mu   sync.Mutex
	csrf string
}

// New wraps a ready HTTP client. A page that breaks the protocol is requested
// again with retry.DefaultPolicy unless SetRetry says otherwise.
func New(h *httpx.Client, s Settings) *Client {
	return &Client{h: h, settings: s, policy: retry.DefaultPolicy, sleep: retry.Sleep}
}

// SetRetry sets how often and how long apart a page that breaks the protocol
// (no "value" array) is requested again; sleep may be nil for a real wait.
func (c *Client) SetRetry(p retry.Policy, sleep func(ctx context.Context, d time.Duration) error) {
	c.policy = p
	if sleep != nil {
		c.sleep = sleep
	}
}

// jsonMedia asks for Edm.Decimal and Edm.Int64 values as strings (OData JSON
// format §4.5.1); servers that ignore it still send numbers, which are read too.
const jsonMedia = "application/json;IEEE754Compatible=true"

// Page is one page of an entity collection.
type Page struct {
	Value    []json.RawMessage
	NextLink string
	Count    *int64
}

func (c *Client) headers() http.Header {
	h := http.Header{"Odata-Version": {"4.0"}, "Odata-Maxversion": {"4.0"}, "Accept": {jsonMedia}}
	if c.settings.MaxPageSize > 0 {
		h.Set("Prefer", "odata.maxpagesize="+strconv.Itoa(c.settings.MaxPageSize))
	}
	return h
}

// Get fetches one page; link is a CollectionURL or a previous nextLink, and a
// link to another host is refused. The base URL's query is kept on every
// request. A body without a "value" array (missing or null) is a
// *ProtocolError, requested again under the retry policy and then returned,
// never taken as the end of data. A body that arrived whole but cannot be
// decoded is an *UndecodableError carrying it, for Salvage.
func (c *Client) Get(ctx context.Context, link string) (Page, error) {
	return c.get(ctx, link, c.getOnce)
}

func (c *Client) get(ctx context.Context, link string, getOnce func(ctx context.Context, abs string) (Page, error)) (Page, error) {
	abs, err := c.h.Resolve(link)
	if err != nil {
		return Page{}, err
	}
	if abs, err = c.keepBaseQuery(abs); err != nil {
		return Page{}, retry.Final(fmt.Errorf("parse link %s: %w", httpx.RedactString(abs), err))
	}
	for attempt := 0; ; attempt++ {
		p, err := getOnce(ctx, abs)
		var pe *ProtocolError
		if !errors.As(err, &pe) || attempt >= c.policy.MaxRetries {
			return p, err
		}
		wait := c.policy.Backoff(attempt)
		if !retry.BudgetFrom(ctx).Take(wait) {
			return p, fmt.Errorf("%w (%w)", err, retry.ErrBudgetExhausted)
		}
		if serr := c.sleep(ctx, wait); serr != nil {
			return p, serr
		}
	}
}

func (c *Client) getOnce(ctx context.Context, abs string) (Page, error) {
	raw, err := c.fetchBody(ctx, abs, c.headers())
	if err != nil {
		return Page{}, err
	}
	body, err := decodeBody(raw, abs)
	if err != nil {
		return Page{}, err
	}
	p, err := parsePage(body, httpx.RedactString(abs))
	if err != nil {
		return p, err
	}
	// A relative nextLink is relative to the page it came in.
	return c.nextFrom(abs, p)
}

// ProtocolError is a response that is JSON but not an OData collection page.
type ProtocolError struct {
	URL, Reason string
}

func (e *ProtocolError) Error() string { return fmt.Sprintf("page %s: %s", e.URL, e.Reason) }

func parsePage(body map[string]json.RawMessage, where string) (Page, error) {
	var p Page
	raw, ok := body["value"]
	if !ok || string(bytes.TrimSpace(raw)) == "null" {
		return p, &ProtocolError{URL: where, Reason: "no \"value\" array in the response (missing or null)"}
	}
	if err := json.Unmarshal(raw, &p.Value); err != nil {
		return p, &ProtocolError{URL: where, Reason: "\"value\" is not an array of entities: " + err.Error()}
	}
	for _, k := range []string{"@odata.nextLink", "@nextLink"} {
		if v, ok := body[k]; ok {
			if err := json.Unmarshal(v, &p.NextLink); err != nil {
				return p, fmt.Errorf("page %s: %s is not a string", where, k)
			}
		}
	}
	for _, k := range []string{"@odata.count", "@count"} {
		if v, ok := body[k]; ok {
			var n int64
			if err := json.Unmarshal(v, &n); err != nil {
				return p, fmt.Errorf("page %s: %s is not a number", where, k)
			}
			p.Count = &n
		}
	}
	return p, nil
}

// Count returns how many entities of path match filter.
func (c *Client) Count(ctx context.Context, path, filter string) (int64, error) {
	p, err := c.Get(ctx, c.CollectionURL(path, Query{Filter: filter, Top: 1, Count: true}))
	if err != nil {
		return 0, err
	}
	if p.Count == nil {
		return 0, fmt.Errorf("count %s: the service returned no @odata.count", path)
	}
	return *p.Count, nil
}

// Patch updates one entity (keyPath such as Product('TG11')) with body,
// fetching a CSRF token first when the service needs one and refetching it once
// when the service says it is required.
func (c *Client) Patch(ctx context.Context, entityPath string, body []byte, etag string) error {
	return c.patchRetryCSRF(func() error { return c.patchOnce(ctx, entityPath, body, etag) })
}

// patchRetryCSRF runs once, and again after dropping the CSRF token when the
// service answered 403 with X-CSRF-Token: Required.
func (c *Client) patchRetryCSRF(once func() error) error {
	for attempt := 0; ; attempt++ {
		err := once()
		var se *httpx.StatusError
		if attempt == 0 && errors.As(err, &se) && se.Status == http.StatusForbidden && strings.EqualFold(se.Header.Get("X-CSRF-Token"), "Required") {
			c.mu.Lock()
			c.csrf = ""
			c.mu.Unlock()
			continue
		}
		return err
	}
}

func (c *Client) patchOnce(ctx context.Context, entityPath string, body []byte, etag string) error {
	return c.write(ctx, entityPath, body, etag, c.headers(), c.settings.CSRF)
}

// write sends one PATCH with headers, If-Match etag (none when empty) and,
// when csrf is set, the session's CSRF token.
func (c *Client) write(ctx context.Context, entityPath string, body []byte, etag string, headers http.Header, csrf bool) error {
	req, err := http.NewRequestWithContext(httpx.Idempotent(ctx), http.MethodPatch, c.url(entityPath, ""), bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	req.Header = headers
	req.Header.Del("Prefer")
	if req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", jsonMedia)
	}
	if etag != "" {
		req.Header.Set("If-Match", etag)
	}
	if csrf {
		tok, err := c.csrfToken(ctx, entityPath)
		if err != nil {
			return err
		}
		req.Header.Set("X-CSRF-Token", tok)
	}
	_, err = c.h.Do(req)
	return describe(err)
}

func (c *Client) csrfToken(ctx context.Context, entityPath string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.csrf != "" {
		return c.csrf, nil
	}
	root := entityPath[:strings.LastIndex(entityPath, "/")+1]
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.url(root, ""), nil)
	if err != nil {
		return "", err
	}
	req.Header = c.headers()
	req.Header.Set("X-CSRF-Token", "Fetch")
	resp, err := c.h.Do(req)
	if err != nil {
		return "", fmt.Errorf("fetch CSRF token: %w", describe(err))
	}
	c.csrf = resp.Header.Get("X-CSRF-Token")
	if c.csrf == "" {
		return "", retry.Final(fmt.Errorf("fetch CSRF token: the service sent none"))
	}
	return c.csrf, nil
}

// Error is an OData error body.
type Error struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Target  string `json:"target"`
		Details []struct {
			Code    string `json:"code"`
			Message string `json:"message"`
			Target  string `json:"target"`
		} `json:"details"`
	} `json:"error"`
}

// describe adds the service's own code and message to a status error.
func describe(err error) error {
	var se *httpx.StatusError
	if !errors.As(err, &se) {
		return err
	}
	var e Error
	if json.Unmarshal(se.Body, &e) != nil || e.Error.Message == "" {
		if msg, ok := describeV2(se.Body); ok {
			return &ServiceError{Status: se, Message: msg}
		}
		return err
	}
	msg := e.Error.Code + ": " + e.Error.Message
	for _, d := range e.Error.Details {
		msg += "; " + d.Code + ": " + d.Message
	}
	return &ServiceError{Status: se, Message: msg}
}

// ServiceError is an OData error response with the service's code and message.
type ServiceError struct {
	Status  *httpx.StatusError
	Message string
}

func (e *ServiceError) Error() string {
	return fmt.Sprintf("%s %s: status %d: %s", e.Status.Method, e.Status.URL, e.Status.Status, e.Message)
}

// Unwrap returns the status error.
func (e *ServiceError) Unwrap() error { return e.Status }
