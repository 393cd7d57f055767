package akeneo

import (
	"context"
	"errors"
	"time"

	"golang.org/x/oauth2"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/retry"
)

// AuthPassword is the auth.type of Akeneo's password grant: a connection's
// client id and secret with a connection user's name and password.
const AuthPassword = "akeneo_password"

// PasswordFlow is Akeneo's password grant, registered with the HTTP stack as
// AuthPassword. The token endpoint defaults to /api/oauth/v1/token below
// base_url.
var PasswordFlow = httpx.Flow{Needs: []string{"client_id", "client_secret", "username", "password"}, New: passwordFlow}

// Auths returns the generic flows plus Akeneo's password grant, for tests
// that build an Akeneo client without the wiring.
func Auths() *httpx.Auths {
	a := httpx.NewAuths()
	a.Register(AuthPassword, PasswordFlow)
	return a
}

// passwordFlow implements the grant with refresh-token rotation: refresh
// with the current refresh token, and fall back to the password grant when
// there is none or it is refused.
func passwordFlow(sys config.System) (httpx.Credentials, error) {
	a := sys.Auth
	tokenURL := a.TokenURL
	if tokenURL == "" {
		tokenURL = sys.BaseURL + "/api/oauth/v1/token"
	}
	cfg := &oauth2.Config{ClientID: a.ClientID, ClientSecret: a.ClientSecret.Reveal(),
		Endpoint: oauth2.Endpoint{TokenURL: tokenURL, AuthStyle: oauth2.AuthStyleInHeader}}
	fetch := func(ctx context.Context, old *oauth2.Token) (*oauth2.Token, error) {
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
	return httpx.Credentials{Fetch: fetch}, nil
}
