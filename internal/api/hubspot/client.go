package hubspot

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/internal/retry"
)

// Client calls one HubSpot account.
type Client struct {
	h   *httpx.Client
	s   Settings
	lim *limiter
	// state is the system's state, where the daily quota is kept (nil:
	// none).
	state record.SystemState
}

// Options are test seams and tuning; the zero value is production behaviour.
type Options struct {
	// Pacing tunes the limiter.
	Pacing Pacing
	// State is the system's state kept across runs and jobs (the
	// connector's extract.Spec.State or load.Spec.State), where the daily
	// quota a private app's answers announce is kept under QuotaKey; nil
	// keeps nothing.
	State record.SystemState
}

// New wraps a ready HTTP client (bearer or hubspot_oauth auth comes from the
// system's auth config). Clients built on the same HTTP client (the runner
// builds one per system for every job) share one limiter: HubSpot's windows
// and daily count are the token's.
func New(h *httpx.Client, s Settings, opt Options) *Client {
	opt.Pacing.Sleep = h.PacedSleep(opt.Pacing.Sleep) // the limiter's waits reach the metrics
	return &Client{h: h, s: s, state: opt.State, lim: limiterOf(h, func() *limiter { return newLimiter(opt.Pacing, s.QuotaReserve, s.SearchPerSecond, s.zone()) })}
}

// ErrNoItems marks a page without its results array.
var ErrNoItems = errors.New("page has no results array")

// UndecodableError is a page that arrived whole but could not be decoded; it
// keeps the body so a poisoned object can be isolated.
type UndecodableError struct {
	URL  string
	Body []byte
	Err  error
}

func (e *UndecodableError) Error() string { return fmt.Sprintf("decode %s: %v", e.URL, e.Err) }
func (e *UndecodableError) Unwrap() error { return e.Err }

// Page is one list or search page.
type Page struct {
	Results []json.RawMessage
	// After and Link are the server's paging.next, "" on the last page.
	After, Link string
	// Total is a search answer's total.
	Total int
}

// ObjectsPath is the collection path of an object type.
func (c *Client) ObjectsPath(objectType string) string {
	return strings.TrimRight(c.s.PathPrefix, "/") + "/" + url.PathEscape(objectType)
}

// ListURL is the first list page of objectType with the given properties,
// limit and archived flag.
func (c *Client) ListURL(objectType string, props []string, limit int, archived bool) string {
	q := url.Values{"limit": {strconv.Itoa(limit)}, "archived": {strconv.FormatBool(archived)}}
	for _, p := range props {
		q.Add("properties", p)
	}
	return c.h.URL(c.ObjectsPath(objectType), q)
}

// List fetches one list page at link (from ListURL or a server next link,
// sent verbatim; a link to another host is refused).
func (c *Client) List(ctx context.Context, link string) (Page, error) {
	abs, err := c.h.Resolve(link)
	if err != nil {
		return Page{}, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, abs, nil)
	if err != nil {
		return Page{}, retry.Final(fmt.Errorf("build request: %w", err))
	}
	body, err := c.send(req, false)
	if err != nil {
		return Page{}, err
	}
	return decodePage(body, httpx.RedactString(abs))
}

// Search posts one search request for objectType.
func (c *Client) Search(ctx context.Context, objectType string, sr SearchRequest) (Page, error) {
	u := c.h.URL(c.ObjectsPath(objectType)+"/search", nil)
	body, err := c.post(httpx.Idempotent(ctx), u, sr, true)
	if err != nil {
		return Page{}, fmt.Errorf("search %s: %w", objectType, err)
	}
	return decodePage(body, httpx.RedactString(u)+" (after "+strconv.Quote(sr.After)+")")
}

func decodePage(body []byte, where string) (Page, error) {
	var raw struct {
		Results *[]json.RawMessage `json:"results"`
		Total   int                `json:"total"`
		Paging  *struct {
			Next *struct {
				After string `json:"after"`
				Link  string `json:"link"`
			} `json:"next"`
		} `json:"paging"`
	}
	if err := json.Unmarshal(body, &raw); err != nil {
		return Page{}, &UndecodableError{URL: where, Body: body, Err: err}
	}
	if raw.Results == nil {
		return Page{}, fmt.Errorf("page %s: %w", where, ErrNoItems)
	}
	p := Page{Results: *raw.Results, Total: raw.Total}
	if raw.Paging != nil && raw.Paging.Next != nil {
		p.After, p.Link = raw.Paging.Next.After, raw.Paging.Next.Link
		if p.After == "" && p.Link == "" {
			return Page{}, fmt.Errorf("page %s: paging.next has neither after nor link", where)
		}
	}
	return p, nil
}

// post sends v as JSON to abs and returns the JSON answer.
func (c *Client) post(ctx context.Context, abs string, v any, search bool) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, retry.Final(fmt.Errorf("encode request: %w", err))
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, abs, bytes.NewReader(b))
	if err != nil {
		return nil, retry.Final(fmt.Errorf("build request: %w", err))
	}
	req.Header.Set("Content-Type", "application/json")
	return c.send(req, search)
}

// send makes a limited request and reads the JSON answer. A 429 of the burst
// window waits the announced interval and is sent again (a few times); a 429
// of the daily limit stops with retry.ErrQuotaReserve.
func (c *Client) send(req *http.Request, search bool) ([]byte, error) {
	req = req.WithContext(httpx.WithClassifier(req.Context(), classify))
	req.Header.Set("Accept", "application/json")
	for attempt := 0; ; attempt++ {
		seq, err := c.lim.wait(req.Context(), search)
		if err != nil {
			return nil, err
		}
		resp, err := c.h.Do(req)
		if err == nil {
			c.lim.observe(resp.Header, seq)
			c.keepQuota(req.Context(), resp.Header)
			return httpx.ReadJSON(resp, httpx.RedactString(req.URL.String()))
		}
		se, ok := asStatus(err)
		if !ok {
			return nil, err
		}
		c.lim.observe(se.Header, seq)
		c.keepQuota(req.Context(), se.Header)
		err = describe(err)
		if !burst(err) || attempt >= 4 {
			return nil, err
		}
		if werr := c.lim.sleep(req.Context(), c.lim.windowWait(se.Header, search)); werr != nil {
			return nil, werr
		}
		c.h.Retried(req.Context())
		if req, err = httpx.Rewind(req); err != nil {
			return nil, err
		}
	}
}

// Ping makes the cheapest authenticated read, one object of objectType: it
// proves the token, the account and the path prefix.
func (c *Client) Ping(ctx context.Context, objectType string) (string, error) {
	u := c.ListURL(objectType, nil, 1, false)
	if _, err := c.List(ctx, u); err != nil {
		return "", fmt.Errorf("list %s: %w", objectType, err)
	}
	return "GET " + c.ObjectsPath(objectType) + "?limit=1 answered", nil
}

// burst reports a 429 of HubSpot's burst window (a policy other than DAILY),
// which the HTTP stack leaves to this client to wait out.
func burst(err error) bool {
	var he *StatusError
	return errors.As(err, &he) && he.Status == http.StatusTooManyRequests && he.Body.PolicyName != "" && !daily(he.Status, he.Body)
}
