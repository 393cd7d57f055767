package hubspot

import (
	"context"
	"strings"

	"golang.org/x/oauth2"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/httpx"
)

// AuthOAuth is the auth.type of HubSpot's OAuth refresh-token flow: an app's
// client id and secret with a refresh token (auth.token). A private app
// token needs no flow of its own: it is the generic bearer flow.
const AuthOAuth = "hubspot_oauth"

// OAuthFlow is HubSpot's refresh-token grant, registered as AuthOAuth. The
// token endpoint defaults to /oauth/v1/token below base_url. The HTTP stack
// renews the access token at expires_in less 60 seconds: HubSpot says a 401
// is no reliable sign that a token must be renewed.
var OAuthFlow = httpx.Flow{Needs: []string{"client_id", "client_secret", "token"}, New: oauthFlow}

// Auths returns the generic flows plus HubSpot's OAuth flow, for tests that
// build a HubSpot client without the wiring.
func Auths() *httpx.Auths {
	a := httpx.NewAuths()
	a.Register(AuthOAuth, OAuthFlow)
	return a
}

// oauthFlow refreshes with the newest refresh token: HubSpot may return a
// new one with each access token.
func oauthFlow(sys config.System) (httpx.Credentials, error) {
	a := sys.Auth
	tokenURL := a.TokenURL
	if tokenURL == "" {
		tokenURL = strings.TrimRight(sys.BaseURL, "/") + "/oauth/v1/token"
	}
	cfg := &oauth2.Config{ClientID: a.ClientID, ClientSecret: a.ClientSecret.Reveal(),
		Endpoint: oauth2.Endpoint{TokenURL: tokenURL, AuthStyle: oauth2.AuthStyleInParams}}
	initial := a.Token.Reveal()
	fetch := func(ctx context.Context, old *oauth2.Token) (*oauth2.Token, error) {
		refresh := initial
		if old != nil && old.RefreshToken != "" {
			refresh = old.RefreshToken
		}
		return cfg.TokenSource(ctx, &oauth2.Token{RefreshToken: refresh}).Token()
	}
	return httpx.Credentials{Fetch: fetch}, nil
}
