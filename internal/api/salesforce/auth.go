package salesforce

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/goccy/go-yaml"
	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/oauth2"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/retry"
)

// Auth types of Salesforce's server-to-server flows.
const (
	AuthClientCredentials = "salesforce_client_credentials"
	AuthJWT               = "salesforce_jwt"
)

// ClientCredentialsFlow is the client credentials grant against the My
// Domain token endpoint (client id and secret in the body).
var ClientCredentialsFlow = httpx.Flow{Needs: []string{"client_id", "client_secret"}, New: clientCredentials}

// JWTFlow is the JWT bearer grant: an RS256 assertion signed with the
// private key PEM held in auth.token (a secret reference), iss = client_id,
// sub = username, aud = settings.jwt_audience, exp = now + 3 min.
var JWTFlow = httpx.Flow{Needs: []string{"client_id", "username", "token"}, New: jwtBearer}

// Auths returns the generic flows plus Salesforce's two, for tests that build
// a client without the wiring.
func Auths() *httpx.Auths {
	a := httpx.NewAuths()
	a.Register(AuthClientCredentials, ClientCredentialsFlow)
	a.Register(AuthJWT, JWTFlow)
	return a
}

// tokenURL is auth.token_url, else the base URL's token endpoint.
func tokenURL(sys config.System) string {
	if sys.Auth.TokenURL != "" {
		return sys.Auth.TokenURL
	}
	return strings.TrimRight(sys.BaseURL, "/") + "/services/oauth2/token"
}

func clientCredentials(sys config.System) (httpx.Credentials, error) {
	a := sys.Auth
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {a.ClientID}, "client_secret": {a.ClientSecret.Reveal()}}
	return httpx.Credentials{Fetch: func(ctx context.Context, _ *oauth2.Token) (*oauth2.Token, error) {
		return requestToken(ctx, sys, form)
	}}, nil
}

func jwtBearer(sys config.System) (httpx.Credentials, error) {
	key, err := jwt.ParseRSAPrivateKeyFromPEM([]byte(sys.Auth.Token.Reveal()))
	if err != nil {
		return httpx.Credentials{}, fmt.Errorf("salesforce_jwt: auth.token must hold an RSA private key PEM: %w", err)
	}
	aud := audience(sys)
	return httpx.Credentials{Fetch: func(ctx context.Context, _ *oauth2.Token) (*oauth2.Token, error) {
		claims := jwt.MapClaims{"iss": sys.Auth.ClientID, "sub": sys.Auth.Username, "aud": aud, "exp": time.Now().Add(3 * time.Minute).Unix()}
		assertion, err := jwt.NewWithClaims(jwt.SigningMethodRS256, claims).SignedString(key)
		if err != nil {
			return nil, fmt.Errorf("sign the jwt assertion: %w", err)
		}
		form := url.Values{"grant_type": {"urn:ietf:params:oauth:grant-type:jwt-bearer"}, "assertion": {assertion}}
		return requestToken(ctx, sys, form)
	}}, nil
}

// audience reads settings.jwt_audience (default login.salesforce.com).
func audience(sys config.System) (aud string) {
	aud = DefaultAudience
	if sys.Settings == nil {
		return aud
	}
	defer func() { _ = recover() }() // a malformed section is reported by DecodeSettings
	var s struct {
		JWTAudience string `yaml:"jwt_audience"`
	}
	if yaml.NodeToValue(sys.Settings, &s) == nil && s.JWTAudience != "" {
		aud = s.JWTAudience
	}
	return aud
}

// tokenAnswer is the token endpoint's success body (no expires_in).
type tokenAnswer struct {
	AccessToken string `json:"access_token"`
	InstanceURL string `json:"instance_url"`
	TokenType   string `json:"token_type"`
	IssuedAt    string `json:"issued_at"`
}

// requestToken posts form to the token endpoint with the client the stack
// put in ctx. An instance_url on another host than base_url is refused: the
// token is never sent elsewhere.
func requestToken(ctx context.Context, sys config.System, form url.Values) (*oauth2.Token, error) {
	hc, _ := ctx.Value(oauth2.HTTPClient).(*http.Client)
	if hc == nil {
		hc = http.DefaultClient
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, tokenURL(sys), strings.NewReader(form.Encode()))
	if err != nil {
		return nil, fmt.Errorf("build token request: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return nil, fmt.Errorf("read token answer: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, &oauth2.RetrieveError{Response: resp, Body: body}
	}
	return tokenOf(sys, body)
}

// tokenOf decodes a token answer and checks its instance_url.
func tokenOf(sys config.System, body []byte) (*oauth2.Token, error) {
	var a tokenAnswer
	if err := json.Unmarshal(body, &a); err != nil || a.AccessToken == "" {
		return nil, retry.Final(fmt.Errorf("token answer has no access_token (%d bytes)", len(body)))
	}
	if a.InstanceURL != "" {
		base, err1 := url.Parse(sys.BaseURL)
		inst, err2 := url.Parse(a.InstanceURL)
		if err1 != nil || err2 != nil || !strings.EqualFold(base.Host, inst.Host) || base.Scheme != inst.Scheme {
			return nil, retry.Final(fmt.Errorf("token answer names instance_url %s, not the configured base_url %s: set base_url to the instance (My Domain) URL; the token is not sent elsewhere", httpx.RedactString(a.InstanceURL), httpx.RedactString(sys.BaseURL)))
		}
	}
	tok := &oauth2.Token{AccessToken: a.AccessToken, TokenType: "Bearer"}
	if ms, err := strconv.ParseInt(a.IssuedAt, 10, 64); err == nil {
		tok = tok.WithExtra(map[string]any{"issued_at": time.UnixMilli(ms).UTC()})
	}
	return tok, nil
}
