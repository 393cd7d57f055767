package httpx

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"github.com/stewardhq/steward/internal/retry"
	"github.com/stewardhq/steward/internal/scrub"
)

// refreshMargin is how long before expiry a token is renewed.
const refreshMargin = 60 * time.Second

// authTransport adds credentials and, on a 401, refreshes a token once and
// replays the request once.
type authTransport struct {
	next http.RoundTripper
	// apply sets static credentials; nil for a token flow.
	apply func(*http.Request)
	// tokens is nil for static credentials.
	tokens *tokenCache
}

func (a *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if a.tokens == nil {
		r := req.Clone(req.Context())
		a.apply(r)
		return a.next.RoundTrip(r)
	}
	tok, err := a.tokens.get(req.Context())
	if err != nil {
		return nil, err
	}
	resp, err := a.send(req, tok)
	if err != nil || resp.StatusCode != http.StatusUnauthorized {
		return resp, err
	}
	if req.Body != nil && req.GetBody == nil {
		return resp, nil
	}
	drain(resp)
	a.tokens.invalidate(tok)
	if tok, err = a.tokens.get(req.Context()); err != nil {
		return nil, err
	}
	resp, err = a.send(req, tok)
	if err != nil || resp.StatusCode != http.StatusUnauthorized {
		return resp, err
	}
	// The renewed token was refused too. If another request renewed it again
	// meanwhile (the tokens were revoked once more while this one was in
	// flight, as concurrent partitions see), replay once with that token:
	// this request still caused only one renewal of its own.
	if cur := a.tokens.current(); cur != nil && cur != tok {
		drain(resp)
		return a.send(req, cur)
	}
	return resp, nil
}

func (a *authTransport) send(req *http.Request, tok *oauth2.Token) (*http.Response, error) {
	r := req.Clone(req.Context())
	if req.GetBody != nil {
		body, err := req.GetBody()
		if err != nil {
			return nil, err
		}
		r.Body = body
	}
	r.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	return a.next.RoundTrip(r)
}

// tokenCache holds the current token and fetches a new one when it is about to
// expire or was refused.
type tokenCache struct {
	mu    sync.Mutex
	tok   *oauth2.Token
	fetch TokenFetch
	// client carries token requests (TLS and timeouts, guarded to the token
	// endpoint's host); fetch finds it in its context under oauth2.HTTPClient.
	client *http.Client
	now    func() time.Time
	scrub  *scrub.Scrubber
}

func (c *tokenCache) get(ctx context.Context) (*oauth2.Token, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tok != nil && (c.tok.Expiry.IsZero() || c.now().Add(refreshMargin).Before(c.tok.Expiry)) {
		return c.tok, nil
	}
	ctx = context.WithValue(withRefusalMemo(ctx), oauth2.HTTPClient, c.client)
	tok, err := c.fetch(ctx, c.tok)
	if err != nil {
		return nil, classifyTokenErr(err, c.scrub)
	}
	c.tok = tok
	return tok, nil
}

// current returns the cached token if it is usable now, else nil; it never
// fetches one.
func (c *tokenCache) current() *oauth2.Token {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tok != nil && c.tok.AccessToken != "" && (c.tok.Expiry.IsZero() || c.now().Add(refreshMargin).Before(c.tok.Expiry)) {
		return c.tok
	}
	return nil
}

func (c *tokenCache) invalidate(bad *oauth2.Token) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tok == bad && c.tok != nil {
		// Keep the refresh token, drop the access token.
		c.tok = &oauth2.Token{RefreshToken: c.tok.RefreshToken, Expiry: time.Unix(1, 0)}
	}
}

// classifyTokenErr makes a token endpoint's 4xx final and its 5xx retryable.
// The endpoint's answer is scrubbed before it is cut: gateways may echo the
// request, client secret and Basic header included.
func classifyTokenErr(err error, sc *scrub.Scrubber) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) && re.Response != nil {
		msg := fmt.Errorf("fetch access token: status %d: %s", re.Response.StatusCode, truncate(sc.String(string(re.Body)), 200))
		if retry.Status(re.Response.StatusCode) == retry.Retryable {
			return retry.Transient(msg)
		}
		return retry.Final(msg)
	}
	// No response: the token endpoint was unreachable or its answer cut short.
	return retry.Transient(fmt.Errorf("fetch access token: %w", redactErr(err)))
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// newAuth builds the auth layer for a system from its flow. tokenClient
// carries token requests (TLS and timeouts, but no auth and no host guard for
// the main host).
func newAuth(creds Credentials, next http.RoundTripper, tokenClient *http.Client, now func() time.Time, sc *scrub.Scrubber) *authTransport {
	t := &authTransport{next: next, apply: creds.Apply}
	if creds.Fetch != nil {
		t.apply = nil
		t.tokens = &tokenCache{fetch: creds.Fetch, client: tokenClient, now: now, scrub: sc}
	} else if t.apply == nil {
		t.apply = func(*http.Request) {}
	}
	return t
}
