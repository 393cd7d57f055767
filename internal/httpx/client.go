// Package httpx is the HTTP client stack every connector receives ready-made:
// auth by flows registered by name (OAuth2 client credentials, Basic, bearer,
// API key here; a vendor's own grant beside its connector), retry with one classification and a capped
// Retry-After, a rate limiter and a circuit breaker per system, timeouts, TLS
// 1.3 (1.2 if configured) with optional CA and mTLS, and a guard that refuses any request, next link
// or redirect to a host other than the configured one.
package httpx

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"time"

	"github.com/rs/zerolog"
	"golang.org/x/time/rate"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/retry"
	"github.com/stewardhq/steward/internal/scrub"
)

// Client is a configured HTTP client for one system.
type Client struct {
	http   *http.Client
	base   *url.URL
	name   string
	log    zerolog.Logger
	guard  hostGuard
	budget *retry.Budget
	// obs is told of the waits and retries connectors make themselves.
	obs Observer
}

// Options are test seams; the zero value is production behaviour.
type Options struct {
	// Sleep replaces the real wait between retries.
	Sleep func(ctx context.Context, d time.Duration) error
	// Now replaces the clock for token expiry and Retry-After dates.
	Now func() time.Time
	// Auth holds the auth flows by name; nil means NewAuths() (the generic
	// flows only).
	Auth *Auths
	// Observer is told of every attempt, retry and rate-limit wait (for
	// metrics); nil observes nothing.
	Observer Observer
}

// New builds the client for a validated system config. name is the system's key
// in the config, used in logs and errors.
func New(name string, sys config.System, log zerolog.Logger, opt Options) (*Client, error) {
	base, err := url.Parse(strings.TrimRight(sys.BaseURL, "/"))
	if err != nil {
		return nil, fmt.Errorf("system %s: parse base_url: %w", name, err)
	}
	if opt.Sleep == nil {
		opt.Sleep = retry.Sleep
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.Observer == nil {
		opt.Observer = nopObserver{}
	}
	tr, err := transport(sys)
	if err != nil {
		return nil, fmt.Errorf("system %s: %w", name, err)
	}
	guard := hostGuard{allowed: base, allowInsecure: sys.AllowInsecureLoopback}
	tokenClient, err := newTokenClient(sys, tr)
	if err != nil {
		return nil, fmt.Errorf("system %s: %w", name, err)
	}
	// Error texts built here (token failures, error bodies) lose this system's
	// credentials before they are cut to length, so no half secret survives.
	sc := scrub.New()
	sc.AddSystem(sys)
	creds, err := credentials(sys, opt.Auth)
	if err != nil {
		return nil, fmt.Errorf("system %s: %w", name, err)
	}
	var rt http.RoundTripper = newAuth(creds, tr, tokenClient, opt.Now, sc)
	if rps := sys.RateLimit.RequestsPerSecond; rps > 0 {
		rt = limitTransport{next: rt, limiter: rate.NewLimiter(rate.Limit(rps), max(sys.RateLimit.Burst, 1)), system: name, obs: opt.Observer, now: opt.Now}
	}
	rt = newBreaker(name, rt)
	guard.next = rt
	policy := retry.Policy{MaxRetries: *sys.Retry.MaxRetries, Base: sys.Retry.BaseDelay.Std(), Cap: sys.Retry.MaxDelay.Std()}
	rt = &retryTransport{next: guard, policy: policy, sleep: opt.Sleep, now: opt.Now, log: log, system: name, timeout: sys.Timeouts.Request.Std(), scrub: sc, obs: opt.Observer}
	jar, _ := cookiejar.New(nil) // SAP keeps the CSRF session in cookies
	hc := &http.Client{Transport: rt, CheckRedirect: guard.checkRedirect, Jar: jar}
	return &Client{http: hc, base: base, name: name, log: log, guard: guard, obs: opt.Observer}, nil
}

// credentials builds the system's credentials with the flow its auth.type
// names (none when empty).
func credentials(sys config.System, auths *Auths) (Credentials, error) {
	if auths == nil {
		auths = NewAuths()
	}
	typ := sys.Auth.Type
	if typ == "" {
		typ = config.AuthNone
	}
	flow, err := auths.Get(typ)
	if err != nil {
		return Credentials{}, fmt.Errorf("unknown auth type %q (known: %s)", typ, strings.Join(auths.Kinds(), ", "))
	}
	return flow.New(sys)
}

// newTokenClient builds the client used for token requests: same TLS, guarded
// to the token endpoint's own host.
func newTokenClient(sys config.System, tr *http.Transport) (*http.Client, error) {
	tokenURL := sys.Auth.TokenURL
	if tokenURL == "" {
		tokenURL = sys.BaseURL
	}
	u, err := url.Parse(tokenURL)
	if err != nil {
		return nil, fmt.Errorf("parse token_url: %w", err)
	}
	g := tokenGate{guard: hostGuard{next: tr, allowed: u, allowInsecure: sys.AllowInsecureLoopback}}
	return &http.Client{Transport: g, CheckRedirect: g.checkRedirect, Timeout: sys.Timeouts.Request.Std()}, nil
}

// Name is the system's name in the config.
func (c *Client) Name() string { return c.name }

// Base returns the configured base URL.
func (c *Client) Base() *url.URL { u := *c.base; return &u }

// URL joins the base URL with path and query.
func (c *Client) URL(path string, q url.Values) string {
	u := c.Base()
	u.Path = strings.TrimRight(u.Path, "/") + path
	u.RawQuery = q.Encode()
	return u.String()
}

// Resolve turns a server-supplied link (absolute, or relative to the base URL)
// into an absolute URL and checks that it stays on the configured host.
func (c *Client) Resolve(link string) (string, error) { return c.ResolveFrom(c.base.String(), link) }

// ResolveFrom resolves link relative to the URL it was found in, and checks
// that it stays on the configured host.
func (c *Client) ResolveFrom(from, link string) (string, error) {
	ref, err := url.Parse(link)
	if err != nil {
		return "", retry.Final(fmt.Errorf("parse link %q: %w", RedactString(link), err))
	}
	base, err := url.Parse(from)
	if err != nil {
		return "", retry.Final(fmt.Errorf("parse link base %q: %w", RedactString(from), err))
	}
	u := base.ResolveReference(ref)
	if err := c.guard.check(u); err != nil {
		return "", err
	}
	return u.String(), nil
}

// Do sends a request through the whole stack. The response body is already read
// and bounded; error statuses come back as *StatusError.
func (c *Client) Do(req *http.Request) (*http.Response, error) {
	resp, err := c.http.Do(req)
	if err != nil {
		// The transport's own errors already name the method and URL.
		var ue *url.Error
		if errors.As(err, &ue) && ue.Err != nil {
			return nil, redactErr(ue.Err)
		}
		return nil, redactErr(err)
	}
	return resp, nil
}

// ContentTypeError reports a response that is not the JSON a page must be,
// such as an HTML error page served with status 200.
type ContentTypeError struct {
	URL, Got, Want string
}

func (e *ContentTypeError) Error() string {
	return fmt.Sprintf("%s: content type %q, want %s", e.URL, e.Got, e.Want)
}

// GetJSON fetches url and decodes a JSON body into v after checking the content
// type. hdr adds request headers.
func (c *Client) GetJSON(ctx context.Context, rawURL string, hdr http.Header, v any) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, retry.Final(fmt.Errorf("build request: %w", redactErr(err)))
	}
	for k, vs := range hdr {
		req.Header[k] = vs
	}
	if req.Header.Get("Accept") == "" {
		req.Header.Set("Accept", "application/json")
	}
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	if err := DecodeJSON(resp, Redact(req.URL), v); err != nil {
		return resp, err
	}
	return resp, nil
}

// DecodeJSON checks that resp carries JSON and decodes it into v.
func DecodeJSON(resp *http.Response, where string, v any) error {
	if err := CheckJSON(resp, where); err != nil {
		return err
	}
	dec := json.NewDecoder(resp.Body)
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("decode %s: %w", where, err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return fmt.Errorf("decode %s: trailing data after the JSON document", where)
	}
	return nil
}

// ReadJSON checks that a response is JSON and reads its body whole, for
// callers that decode it themselves (a page whose poisoned record must be
// isolated). A body that cannot be read to its end is worth another attempt.
func ReadJSON(resp *http.Response, where string) ([]byte, error) {
	if err := CheckJSON(resp, where); err != nil {
		return nil, err
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, retry.Transient(fmt.Errorf("read page %s: %w", where, err))
	}
	return body, nil
}

// CheckJSON verifies that a response's Content-Type is JSON.
func CheckJSON(resp *http.Response, where string) error {
	ct := resp.Header.Get("Content-Type")
	mt, _, _ := mime.ParseMediaType(ct)
	if mt != "application/json" && !strings.HasSuffix(mt, "+json") {
		return &ContentTypeError{URL: where, Got: ct, Want: "application/json"}
	}
	return nil
}

// HTTPClient returns the configured *http.Client, for SDKs that take one
// (the whole stack — auth, retry, rate limit, breaker, host guard — applies).
// Its responses are already read in full.
func (c *Client) HTTPClient() *http.Client { return c.http }
