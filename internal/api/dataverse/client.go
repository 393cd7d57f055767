package dataverse

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/internal/api/odata"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/retry"
)

// Client calls one Dataverse environment's Web API.
type Client struct {
	h     *httpx.Client
	s     Settings
	guard *guard
	log   zerolog.Logger
}

// New wraps a ready HTTP client. A Client is safe for concurrent use. The
// service protection limits are per user, so every Client built on the same
// HTTP client (the runner keeps one per system for all its jobs) shares one
// guard: the first Client's settings and options set it.
func New(h *httpx.Client, s Settings, opt Options, log zerolog.Logger) *Client {
	opt.Sleep = h.PacedSleep(opt.Sleep) // the guard's waits reach the metrics
	return &Client{h: h, s: s, guard: guardOf(h, s, opt, log), log: log}
}

// guards holds the service protection guard of each HTTP client.
var guards sync.Map

// guardOf returns h's guard, creating it on first use.
func guardOf(h *httpx.Client, s Settings, opt Options, log zerolog.Logger) *guard {
	if g, ok := guards.Load(h); ok {
		return g.(*guard)
	}
	g, _ := guards.LoadOrStore(h, newGuard(s, opt, log))
	return g.(*guard)
}

// Settings returns the settings the client was built with.
func (c *Client) Settings() Settings { return c.s }

// Query is the first request of a collection read. Its options are encoded
// with %20 for spaces, never '+', which OData reads as a sign.
type Query struct {
	Select  []string
	Filter  string
	OrderBy []string
}

func (q Query) encode() string {
	var parts []string
	add := func(k, v string) { parts = append(parts, k+"="+odata.Escape(v)) }
	if len(q.Select) > 0 {
		add("$select", strings.Join(q.Select, ","))
	}
	if q.Filter != "" {
		add("$filter", q.Filter)
	}
	if len(q.OrderBy) > 0 {
		add("$orderby", strings.Join(q.OrderBy, ","))
	}
	return strings.Join(parts, "&")
}

// URL returns the absolute URL of path below the Web API root (such as
// "/accounts" or "/$batch") with an encoded query.
func (c *Client) URL(path, rawQuery string) string {
	u := c.h.Base()
	u.Path = strings.TrimRight(u.Path, "/") + strings.TrimRight(c.s.APIPath, "/") + path
	u.RawPath = escapePath(u.Path)
	u.RawQuery = rawQuery
	return u.String()
}

// escapePath percent-encodes a path as OData key segments are written:
// parentheses, quotes and '=' literal (/accounts(accountnumber='A 1') is
// /accounts(accountnumber='A%201')), everything outside RFC 3986's path
// characters encoded.
func escapePath(p string) string {
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		ch := p[i]
		if ch < 0x80 && (ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9' || strings.IndexByte("-._~!$&'()*,;=:@/", ch) >= 0) {
			b.WriteByte(ch)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", ch)
	}
	return b.String()
}

// CollectionURL is the first page URL of an entity set read with q.
func (c *Client) CollectionURL(set string, q Query) string { return c.URL("/"+set, q.encode()) }

// KeyPath is the path of an entity addressed by an alternate key:
// /accounts(accountnumber='C-1'), quotes doubled.
func KeyPath(set, column, value string) string {
	return "/" + set + "(" + column + "=" + odata.String(value) + ")"
}

// IDPath is the path of an entity addressed by its primary key (a GUID).
func IDPath(set, id string) string { return "/" + set + "(" + id + ")" }

// headers are the headers every Web API request carries.
func headers() http.Header {
	return http.Header{"Accept": {"application/json"}, "Odata-Maxversion": {"4.0"}, "Odata-Version": {"4.0"}}
}

// do sends req within the service protection guard; an error status comes
// back as a *ServiceError with Dataverse's own code and message.
func (c *Client) do(req *http.Request) (*http.Response, error) {
	if err := c.guard.acquire(req.Context()); err != nil {
		return nil, err
	}
	defer c.guard.release()
	resp, err := c.h.Do(req)
	if err != nil {
		var se *httpx.StatusError
		if errors.As(err, &se) {
			c.guard.observe(se.Header, se.URL)
		}
		return nil, describe(err)
	}
	c.guard.observe(resp.Header, httpx.Redact(req.URL))
	return resp, nil
}

// Prefer builds the Prefer header of a read: change tracking and the page
// size, the same on every page of a pass.
func Prefer(track bool, pageSize int) string {
	p := "odata.maxpagesize=" + strconv.Itoa(pageSize)
	if track {
		p = "odata.track-changes," + p
	}
	return p
}

// get fetches link (absolute, on the configured host) as JSON.
func (c *Client) get(ctx context.Context, link, prefer string) ([]byte, error) {
	abs, err := c.h.Resolve(link)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, abs, nil)
	if err != nil {
		return nil, retry.Final(fmt.Errorf("build request %s: %w", httpx.RedactString(abs), err))
	}
	req.Header = headers()
	req.Header.Set("If-None-Match", "null")
	if prefer != "" {
		req.Header.Set("Prefer", prefer)
	}
	resp, err := c.do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	return httpx.ReadJSON(resp, httpx.RedactString(abs))
}
