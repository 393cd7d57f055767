package httpx

import (
	"context"
	"net/http"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/registry"
)

// TokenFetch obtains a new access token. old is the current token (nil at
// first, or with only its refresh token left after the server refused it), so
// a flow may refresh instead of granting anew. The client that must carry the
// token request is in ctx under oauth2.HTTPClient, as the oauth2 package expects.
type TokenFetch func(ctx context.Context, old *oauth2.Token) (*oauth2.Token, error)

// Credentials are what one system's flow adds to its requests: static
// credentials set by Apply, or bearer tokens from Fetch, renewed before they
// expire and once after a 401. Exactly one is set (neither for no auth).
type Credentials struct {
	Apply func(*http.Request)
	Fetch TokenFetch
}

// Flow is one way of authenticating, registered by its auth.type name.
type Flow struct {
	// Needs lists the keys of the auth section the flow requires
	// (username, password, token, token_url, client_id, client_secret);
	// config validation reports each one missing.
	Needs []string
	// New builds the credentials of a validated system.
	New func(sys config.System) (Credentials, error)
}

// Auths maps auth type names to flows.
type Auths = registry.Registry[Flow]

// NewAuths returns a registry holding the generic flows (config's Auth*
// names): none, basic, bearer, api_key and oauth2_client_credentials. Each
// call returns a fresh registry that the wiring adds the connectors' own
// flows to.
func NewAuths() *Auths {
	r := registry.New[Flow]("auth flow")
	r.Register(config.AuthNone, Flow{New: func(config.System) (Credentials, error) { return Credentials{}, nil }})
	r.Register(config.AuthBasic, Flow{Needs: []string{"username", "password"}, New: basicFlow})
	r.Register(config.AuthBearer, Flow{Needs: []string{"token"}, New: bearerFlow})
	r.Register(config.AuthAPIKey, Flow{Needs: []string{"token"}, New: apiKeyFlow})
	r.Register(config.AuthOAuth2ClientCredentials, Flow{Needs: []string{"token_url", "client_id", "client_secret"}, New: clientCredentialsFlow})
	return r
}

// Needs maps each auth type of r to the keys it requires, for config validation.
func Needs(r *Auths) map[string][]string {
	m := map[string][]string{}
	for _, name := range r.Kinds() {
		f, _ := r.Get(name)
		m[name] = f.Needs
	}
	return m
}

func basicFlow(sys config.System) (Credentials, error) {
	a := sys.Auth
	return Credentials{Apply: func(r *http.Request) { r.SetBasicAuth(a.Username, a.Password.Reveal()) }}, nil
}

func bearerFlow(sys config.System) (Credentials, error) {
	tok := sys.Auth.Token.Reveal()
	return Credentials{Apply: func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+tok) }}, nil
}

func apiKeyFlow(sys config.System) (Credentials, error) {
	header := sys.Auth.Header
	if header == "" {
		header = "X-API-Key"
	}
	tok := sys.Auth.Token.Reveal()
	return Credentials{Apply: func(r *http.Request) { r.Header.Set(header, tok) }}, nil
}

func clientCredentialsFlow(sys config.System) (Credentials, error) {
	a := sys.Auth
	cc := clientcredentials.Config{ClientID: a.ClientID, ClientSecret: a.ClientSecret.Reveal(), TokenURL: a.TokenURL, Scopes: a.Scopes}
	return Credentials{Fetch: func(ctx context.Context, _ *oauth2.Token) (*oauth2.Token, error) {
		return cc.Token(ctx)
	}}, nil
}
