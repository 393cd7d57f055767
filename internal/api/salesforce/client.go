package salesforce

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/retry"
)

// Client calls one Salesforce org through the system's HTTP stack (auth,
// retry, host guard), counting every request against the daily allocation.
type Client struct {
	h     *httpx.Client
	s     Settings
	quota *Quota
	poll  time.Duration
	// batch is the query batch size asked for.
	batch int
	// served is the latest Date header of the client's answers.
	served   time.Time
	servedMu sync.Mutex
}

// New wraps a ready HTTP client. quota may be nil: a fresh guard that knows
// nothing until the first answer.
func New(h *httpx.Client, s Settings, quota *Quota) *Client {
	if quota == nil {
		quota = NewQuota(QuotaState{}, s.Reserve, nil)
	}
	return &Client{h: h, s: s, quota: quota, batch: s.PageSize}
}

// SetPageSize sets the query batch size asked for (a job's smaller
// page_size); the server may page differently.
func (c *Client) SetPageSize(n int) {
	if n > 0 {
		c.batch = n
	}
}

// Quota is the client's allocation guard.
func (c *Client) Quota() *Quota { return c.quota }

// Settings returns the settings the client was built with.
func (c *Client) Settings() Settings { return c.s }

// URL is path below the REST root with a raw query ("" for none); spaces are
// written %20.
func (c *Client) URL(path, rawQuery string) string {
	u := c.h.Base()
	u.Path = strings.TrimRight(u.Path, "/") + c.s.Root() + path
	u.RawQuery = rawQuery
	return u.String()
}

// Escape encodes a query value with %20 for spaces.
func Escape(v string) string { return strings.ReplaceAll(url.QueryEscape(v), "+", "%20") }

// Response is an answer read in full.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Send sends one request (body may be nil) with headers hdr and returns the
// answer; an error status is an *APIError (403 REQUEST_LIMIT_EXCEEDED wraps
// retry.ErrQuotaReserve). A request past the quota reserve is not sent.
func (c *Client) Send(ctx context.Context, method, abs string, body []byte, hdr http.Header) (Response, error) {
	where := method + " " + httpx.RedactString(abs)
	if err := c.admit(ctx, where); err != nil {
		return Response{}, err
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, abs, rd)
	if err != nil {
		return Response{}, retry.Final(fmt.Errorf("build request %s: %w", where, err))
	}
	for k, v := range hdr {
		req.Header[k] = v
	}
	if req.Header.Get("Accept") == "" {
		req.Header.Set("Accept", "application/json")
	}
	resp, err := c.h.Do(req)
	if err != nil {
		if se, ok := asStatus(err); ok {
			c.quota.observe(se.Header)
			c.observeDate(se.Header)
		}
		return Response{}, decodeError(err)
	}
	defer resp.Body.Close()
	c.quota.observe(resp.Header)
	c.observeDate(resp.Header)
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return Response{}, retry.Transient(fmt.Errorf("read %s: %w", where, err))
	}
	return Response{Status: resp.StatusCode, Header: resp.Header, Body: b}, nil
}

// admit takes one request from the quota guard. A figure at the reserve
// that is older than an hour is asked about once (GET /limits): when the
// org has room again the request goes on.
func (c *Client) admit(ctx context.Context, where string) error {
	err := c.quota.take(where)
	if err == nil || !c.quota.claimCheck() {
		return err
	}
	if cerr := c.checkLimits(ctx); cerr != nil {
		return fmt.Errorf("check the daily allocation before %s: %w", where, cerr)
	}
	return c.quota.take(where)
}

// SendJSON sends a JSON body (nil for none) and checks the answer is JSON.
func (c *Client) SendJSON(ctx context.Context, method, abs string, body []byte) (Response, error) {
	hdr := http.Header{}
	if body != nil {
		hdr.Set("Content-Type", "application/json")
	}
	r, err := c.Send(ctx, method, abs, body, hdr)
	if err != nil {
		return r, err
	}
	if r.Status != http.StatusNoContent && len(bytes.TrimSpace(r.Body)) > 0 {
		if err := httpx.CheckJSON(&http.Response{Header: r.Header}, httpx.RedactString(abs)); err != nil {
			return r, err
		}
	}
	return r, nil
}

func asStatus(err error) (*httpx.StatusError, bool) {
	var se *httpx.StatusError
	return se, errors.As(err, &se)
}
