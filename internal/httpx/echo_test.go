package httpx

import (
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"

	"github.com/stewardhq/steward/config"
)

// echoServer answers every request with status and the request echoed (its
// Authorization header and body first, then a full dump), as some gateways do.
func echoServer(status int) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		dump, _ := httputil.DumpRequest(r, true)
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "text/plain")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, "invalid request: Authorization: "+r.Header.Get("Authorization")+" body: "+string(body)+"\n"+string(dump))
	}))
}

// TestEchoedCredentialsAreScrubbed: a token endpoint or API that echoes the
// request in its error body leaves no client secret, password, token or Basic
// header in the error text (issue 6 #36).
func TestEchoedCredentialsAreScrubbed(t *testing.T) {
	const id, secret, user, password, token = "STEWARD_COMM", "cl!ent/secret+1", "steward", "pa ss:word", "static-bearer-token"
	cases := map[string]config.Auth{
		"client credentials": {Type: config.AuthOAuth2ClientCredentials, ClientID: id, ClientSecret: config.NewSecret(secret)},
		"basic":              {Type: config.AuthBasic, Username: user, Password: config.NewSecret(password)},
		"bearer":             {Type: config.AuthBearer, Token: config.NewSecret(token)},
	}
	leaks := []string{secret, url.QueryEscape(secret), password, url.QueryEscape(password), token,
		base64.StdEncoding.EncodeToString([]byte(id + ":" + url.QueryEscape(secret))),
		base64.StdEncoding.EncodeToString([]byte(user + ":" + password))}
	for name, auth := range cases {
		t.Run(name, func(t *testing.T) {
			srv := echoServer(http.StatusUnauthorized)
			defer srv.Close()
			if auth.Type == config.AuthOAuth2ClientCredentials {
				auth.TokenURL = srv.URL + "/token"
			}
			c, _ := newClient(t, system(srv.URL, auth))
			err := get(t, c, srv.URL+"/api")
			if err == nil || !strings.Contains(err.Error(), "status 401") {
				t.Fatalf("err %v; want the 401 named", err)
			}
			for _, leak := range leaks {
				if len(leak) > 6 && strings.Contains(err.Error(), leak[:len(leak)-2]) {
					t.Errorf("error text keeps %q: %v", leak, err)
				}
			}
			if strings.Contains(err.Error(), "Authorization: Basic") || strings.Contains(err.Error(), "Authorization: Bearer") {
				t.Errorf("error text keeps an Authorization header: %v", err)
			}
		})
	}
}
