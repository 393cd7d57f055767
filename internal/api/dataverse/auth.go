package dataverse

import (
	"context"
	"crypto/tls"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/goccy/go-yaml"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/httpx"
)

// AuthEntra is the auth.type of the Microsoft Entra ID client credentials
// grant (PROTOCOLS.md 5.2).
const AuthEntra = "entra_client_credentials"

// EntraFlow is the Entra ID client credentials grant, registered with the
// HTTP stack as AuthEntra. The token endpoint is auth.token_url, or
// https://login.microsoftonline.com/{settings.tenant}/oauth2/v2.0/token; the
// scope is settings.scope, auth.scopes, or "<base_url scheme://host>/.default".
// Entra issues no refresh token: the HTTP stack asks for a new token 60 s
// before expires_in runs out and once after a 401.
var EntraFlow = httpx.Flow{Needs: []string{"client_id", "client_secret"}, New: entraFlow}

// Auths returns the generic flows plus the Entra grant, for tests that
// build a Dataverse client without the wiring.
func Auths() *httpx.Auths {
	a := httpx.NewAuths()
	a.Register(AuthEntra, EntraFlow)
	return a
}

// authSettings are the keys of the settings section the flow reads.
type authSettings struct {
	Tenant string `yaml:"tenant"`
	Scope  string `yaml:"scope"`
}

func entraFlow(sys config.System) (httpx.Credentials, error) {
	var as authSettings
	if sys.Settings != nil {
		if err := yaml.NodeToValue(sys.Settings, &as); err != nil {
			return httpx.Credentials{}, fmt.Errorf("entra auth: read settings tenant and scope: %w", err)
		}
	}
	scope, err := defaultScope(sys, as.Scope)
	if err != nil {
		return httpx.Credentials{}, err
	}
	a := sys.Auth
	cc := clientcredentials.Config{ClientID: a.ClientID, ClientSecret: a.ClientSecret.Reveal(), TokenURL: a.TokenURL,
		Scopes: []string{scope}, AuthStyle: oauth2.AuthStyleInParams}
	var own *http.Client
	if cc.TokenURL == "" {
		if strings.TrimSpace(as.Tenant) == "" {
			return httpx.Credentials{}, fmt.Errorf("entra auth: neither auth.token_url nor settings.tenant is set")
		}
		cc.TokenURL = TokenURL(as.Tenant)
		own = pinnedClient(cc.TokenURL)
	}
	return httpx.Credentials{Fetch: func(ctx context.Context, _ *oauth2.Token) (*oauth2.Token, error) {
		if own != nil {
			ctx = context.WithValue(ctx, oauth2.HTTPClient, own)
		}
		return cc.Token(ctx)
	}}, nil
}

// TokenURL is the Entra ID v2 token endpoint of a tenant.
func TokenURL(tenant string) string {
	return "https://login.microsoftonline.com/" + url.PathEscape(tenant) + "/oauth2/v2.0/token"
}

// defaultScope is the configured scope, else auth.scopes' first, else the
// environment's own: "<scheme://host>/.default" of base_url.
func defaultScope(sys config.System, scope string) (string, error) {
	switch {
	case scope != "":
		return scope, nil
	case len(sys.Auth.Scopes) > 0:
		return strings.Join(sys.Auth.Scopes, " "), nil
	}
	u, err := url.Parse(sys.BaseURL)
	if err != nil || u.Host == "" {
		return "", fmt.Errorf("entra auth: derive the scope from base_url %q: not an absolute URL", sys.BaseURL)
	}
	return u.Scheme + "://" + u.Host + "/.default", nil
}

// pinnedClient carries token requests to the derived Entra endpoint only:
// HTTPS to that one host, no redirects, TLS 1.2 at least. The HTTP stack's
// own token client is guarded to base_url's host when token_url is unset.
func pinnedClient(tokenURL string) *http.Client {
	u, _ := url.Parse(tokenURL)
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	return &http.Client{
		Transport:     pinned{host: u.Host, next: tr},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// pinned refuses any request that is not HTTPS to host.
type pinned struct {
	host string
	next http.RoundTripper
}

func (p pinned) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Scheme != "https" || req.URL.Host != p.host {
		return nil, &httpx.ForeignHostError{URL: httpx.Redact(req.URL), Allowed: "https://" + p.host}
	}
	return p.next.RoundTrip(req)
}
