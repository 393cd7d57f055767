package httpx

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/retry"
	"github.com/stewardhq/steward/internal/scrub"
)

// refreshMargin is how long before expiry a token is renewed.
const refreshMargin = 60 * time.Second

// authTransport adds credentials and, on a 401, refreshes a token once and
// replays the request once.
type authTransport struct {
	next  http.RoundTripper
	apply func(*http.Request, string)
	// tokens is nil for static credentials.
	tokens *tokenCache
	static string
}

func (a *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if a.tokens == nil {
		r := req.Clone(req.Context())
		a.apply(r, a.static)
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
	return a.send(req, tok)
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
	fetch func(ctx context.Context, old *oauth2.Token) (*oauth2.Token, error)
	now   func() time.Time
	scrub *scrub.Scrubber
}

func (c *tokenCache) get(ctx context.Context) (*oauth2.Token, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.tok != nil && (c.tok.Expiry.IsZero() || c.now().Add(refreshMargin).Before(c.tok.Expiry)) {
		return c.tok, nil
	}
	tok, err := c.fetch(withRefusalMemo(ctx), c.tok)
	if err != nil {
		return nil, classifyTokenErr(err, c.scrub)
	}
	c.tok = tok
	return tok, nil
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

// newAuth builds the auth layer for a system. tokenClient carries token requests
// (TLS and timeouts, but no auth and no host guard for the main host).
func newAuth(sys config.System, next http.RoundTripper, tokenClient *http.Client, now func() time.Time, sc *scrub.Scrubber) (*authTransport, error) {
	a := sys.Auth
	t := &authTransport{next: next}
	withClient := func(ctx context.Context) context.Context {
		return context.WithValue(ctx, oauth2.HTTPClient, tokenClient)
	}
	switch a.Type {
	case config.AuthNone, "":
		t.apply = func(*http.Request, string) {}
	case config.AuthBasic:
		t.apply = func(r *http.Request, _ string) { r.SetBasicAuth(a.Username, a.Password.Reveal()) }
	case config.AuthBearer:
		t.static = a.Token.Reveal()
		t.apply = func(r *http.Request, v string) { r.Header.Set("Authorization", "Bearer "+v) }
	case config.AuthAPIKey:
		header := a.Header
		if header == "" {
			header = "X-API-Key"
		}
		t.static = a.Token.Reveal()
		t.apply = func(r *http.Request, v string) { r.Header.Set(header, v) }
	case config.AuthOAuth2ClientCredentials:
		cc := clientcredentials.Config{ClientID: a.ClientID, ClientSecret: a.ClientSecret.Reveal(), TokenURL: a.TokenURL, Scopes: a.Scopes}
		t.tokens = &tokenCache{now: now, scrub: sc, fetch: func(ctx context.Context, _ *oauth2.Token) (*oauth2.Token, error) {
			return cc.Token(withClient(ctx))
		}}
	case config.AuthAkeneoPassword:
		t.tokens = &tokenCache{now: now, scrub: sc, fetch: akeneoFetch(sys, withClient)}
	default:
		return nil, fmt.Errorf("unknown auth type %q", a.Type)
	}
	return t, nil
}

// akeneoFetch implements Akeneo's password grant with refresh-token rotation:
// refresh with the current refresh token, and fall back to the password grant
// when there is none or it is refused.
func akeneoFetch(sys config.System, withClient func(context.Context) context.Context) func(context.Context, *oauth2.Token) (*oauth2.Token, error) {
	a := sys.Auth
	tokenURL := a.TokenURL
	if tokenURL == "" {
		tokenURL = sys.BaseURL + "/api/oauth/v1/token"
	}
	cfg := &oauth2.Config{ClientID: a.ClientID, ClientSecret: a.ClientSecret.Reveal(),
		Endpoint: oauth2.Endpoint{TokenURL: tokenURL, AuthStyle: oauth2.AuthStyleInHeader}}
	return func(ctx context.Context, old *oauth2.Token) (*oauth2.Token, error) {
		ctx = withClient(ctx)
		if old != nil && old.RefreshToken != "" {
			expired := &oauth2.Token{RefreshToken: old.RefreshToken, Expiry: time.Unix(1, 0)}
			tok, err := cfg.TokenSource(ctx, expired).Token()
			if err == nil {
				return tok, nil
			}
			var re *oauth2.RetrieveError
			if !errors.As(err, &re) || re.Response == nil || retry.Status(re.Response.StatusCode) == retry.Retryable {
				return nil, err
			}
		}
		return cfg.PasswordCredentialsToken(ctx, a.Username, a.Password.Reveal())
	}
}
