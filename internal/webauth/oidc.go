package webauth

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/stewardhq/steward/config"
)

// oidcLogin is the login through the organization's identity provider. The
// provider's discovery document is fetched on first use and kept, so a
// provider that is down at start does not keep the console (and token
// logins) from starting.
type oidcLogin struct {
	cfg      config.OIDC
	redirect string
	client   *http.Client

	mu       sync.Mutex
	provider *oidc.Provider
}

func newOIDCLogin(c config.OIDC, baseURL string, client *http.Client) *oidcLogin {
	if client == nil {
		client = http.DefaultClient
	}
	return &oidcLogin{cfg: c, redirect: strings.TrimRight(baseURL, "/") + "/auth/callback", client: client}
}

// clientContext makes the OIDC and OAuth2 libraries use the login's client.
func (o *oidcLogin) clientContext(ctx context.Context) context.Context {
	return oidc.ClientContext(context.WithValue(ctx, oauth2.HTTPClient, o.client), o.client)
}

// discover returns the provider, fetching its discovery document once.
func (o *oidcLogin) discover(ctx context.Context) (*oidc.Provider, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.provider != nil {
		return o.provider, nil
	}
	p, err := oidc.NewProvider(o.clientContext(ctx), o.cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("discover identity provider %s: %w", o.cfg.Issuer, err)
	}
	o.provider = p
	return p, nil
}

// oauth2Config is the authorization code flow against provider p.
func (o *oidcLogin) oauth2Config(p *oidc.Provider) *oauth2.Config {
	return &oauth2.Config{
		ClientID:     o.cfg.ClientID,
		ClientSecret: o.cfg.ClientSecret.Reveal(),
		Endpoint:     p.Endpoint(),
		RedirectURL:  o.redirect,
		Scopes:       append([]string{oidc.ScopeOpenID}, o.cfg.Scopes...),
	}
}

// mapped returns the role claim's values that serve.oidc.roles names: all
// a session needs to keep to be mapped again by later settings.
func (o *oidcLogin) mapped(claims map[string]any) []string {
	r := o.cfg.Roles
	var out []string
	for _, v := range claimValues(claims[o.cfg.RoleClaim]) {
		if slices.Contains(r.Operator, v) || slices.Contains(r.Steward, v) || slices.Contains(r.Viewer, v) {
			out = append(out, v)
		}
	}
	return out
}

// roleOf maps claim values to the highest configured role; 0 when none is
// configured for any of them.
func (o *oidcLogin) roleOf(held []string) Role {
	has := func(want []string) bool {
		return slices.ContainsFunc(held, func(v string) bool { return slices.Contains(want, v) })
	}
	switch r := o.cfg.Roles; {
	case has(r.Operator):
		return Operator
	case has(r.Steward):
		return Steward
	case has(r.Viewer):
		return Viewer
	}
	return 0
}

// claimValues reads a claim that is a string or a list of strings.
func claimValues(c any) []string {
	switch v := c.(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, 0, len(v))
		for _, e := range v {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	}
	return nil
}

// name is who the ID token says logged in: the e-mail claim, else subject.
// An e-mail the provider marks unverified is not a name: anyone could have
// typed it.
func (o *oidcLogin) name(claims map[string]any, subject string) string {
	if o.cfg.EmailClaim == "email" && unverified(claims["email_verified"]) {
		return subject
	}
	if s, ok := claims[o.cfg.EmailClaim].(string); ok && s != "" {
		return s
	}
	return subject
}

// unverified reports whether an email_verified claim says false (a JSON
// false, or the string "false" some providers send); absent is not.
func unverified(c any) bool {
	switch v := c.(type) {
	case bool:
		return !v
	case string:
		return v == "false"
	}
	return false
}
