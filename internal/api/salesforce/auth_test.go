package salesforce_test

import (
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	api "github.com/stewardhq/steward/internal/api/salesforce"
	"github.com/stewardhq/steward/internal/api/salesforce/sftest"
	"github.com/stewardhq/steward/internal/httpx"
)

func system(t *testing.T, text string, env map[string]string) (*config.File, *api.Client) {
	t.Helper()
	f, err := config.Parse("t.yaml", []byte(text), nil, func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}
	h, err := httpx.New("src", f.Systems["src"], zerolog.Nop(), httpx.Options{Auth: api.Auths()})
	if err != nil {
		t.Fatal(err)
	}
	s, ps := api.DecodeSettings(f, "src")
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	return f, api.New(h, s, nil)
}

func yamlFor(base, auth, settings string) string {
	return fmt.Sprintf(`version: 1
staging: {sqlite: x.db, parquet_dir: pq}
systems:
  src:
    kind: salesforce
    base_url: %s
    allow_insecure_loopback: true
    auth: %s
    settings: %s
jobs: []
`, base, auth, settings)
}

const ccAuth = `{type: salesforce_client_credentials, client_id: cid, client_secret: "${SECRET}"}`

func query(t *testing.T, c *api.Client) error {
	_, err := c.Query(t.Context(), c.QueryURL("SELECT Id FROM Account ORDER BY SystemModstamp, Id"))
	return err
}

// TestClientCredentialsReauth: the token has no expires_in; a 401
// INVALID_SESSION_ID re-authenticates once and replays.
func TestClientCredentialsReauth(t *testing.T) {
	f := sftest.New()
	srv := httptest.NewServer(f)
	defer srv.Close()
	_, c := system(t, yamlFor(srv.URL, ccAuth, "{}"), map[string]string{"SECRET": "secret"})
	if err := query(t, c); err != nil {
		t.Fatal(err)
	}
	f.ExpireTokens()
	if err := query(t, c); err != nil {
		t.Fatalf("after the session expired: %v", err)
	}
	if f.Tokens != 2 || f.Count("GET /query") != 2 {
		t.Fatalf("tokens %d, queries %d; want one re-authentication and the query replayed", f.Tokens, f.Count("GET /query"))
	}
}

// TestWrongSecret: invalid_grant is a clear, final error.
func TestWrongSecret(t *testing.T) {
	f := sftest.New()
	srv := httptest.NewServer(f)
	defer srv.Close()
	_, c := system(t, yamlFor(srv.URL, ccAuth, "{}"), map[string]string{"SECRET": "wrong"})
	if err := query(t, c); err == nil || !strings.Contains(err.Error(), "invalid_grant") || strings.Contains(err.Error(), "wrong") {
		t.Fatalf("err %v; want invalid_grant without the secret", err)
	}
}

// TestInstanceURLElsewhere: a token answer naming another host is refused
// and no API request carries the token anywhere.
func TestInstanceURLElsewhere(t *testing.T) {
	f := sftest.New()
	f.InstanceURL = "https://other.my.salesforce.com"
	srv := httptest.NewServer(f)
	defer srv.Close()
	_, c := system(t, yamlFor(srv.URL, ccAuth, "{}"), map[string]string{"SECRET": "secret"})
	err := query(t, c)
	if err == nil || !strings.Contains(err.Error(), "instance_url") {
		t.Fatalf("err %v; want the instance_url refused", err)
	}
	if f.Tokens != 1 || f.Count("") != 0 {
		t.Fatalf("tokens %d, API requests %d", f.Tokens, f.Count(""))
	}
}

// TestJWTBearer signs an RS256 assertion the org verifies with the public
// key (iss, sub, aud, exp ≤ 3 min).
func TestJWTBearer(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	pemKey := string(pem.EncodeToMemory(&pem.Block{Type: "RSA PRIVATE KEY", Bytes: x509.MarshalPKCS1PrivateKey(key)}))
	f := sftest.New()
	f.PublicKey = &key.PublicKey
	srv := httptest.NewServer(f)
	defer srv.Close()
	auth := `{type: salesforce_jwt, client_id: cid, username: steward@example.com, token: "${KEY}"}`
	_, c := system(t, yamlFor(srv.URL, auth, "{}"), map[string]string{"KEY": pemKey})
	if err := query(t, c); err != nil {
		t.Fatal(err)
	}
	_, c = system(t, yamlFor(srv.URL, auth, "{jwt_audience: https://test.salesforce.com}"), map[string]string{"KEY": pemKey})
	if err := query(t, c); err == nil || !strings.Contains(err.Error(), "invalid_grant") {
		t.Fatalf("an assertion for test.salesforce.com: err %v; want the fake (expecting login.salesforce.com) to refuse it", err)
	}
}

// TestQueryPageStrict: a page without records, or not done without a next
// link, is ErrNoItems; a foreign next link is refused.
func TestQueryPageStrict(t *testing.T) {
	for body, want := range map[string]string{
		`{"totalSize":1,"done":true}`:                "no records array",
		`{"totalSize":1,"done":false,"records":[]}`:  "nextRecordsUrl is missing",
		`{"totalSize":1,"records":[]}`:               "done is missing",
		`{"totalSize":1,"done":true,"records":null}`: "no records array",
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/services/oauth2/token" {
				w.Header().Set("Content-Type", "application/json")
				fmt.Fprintf(w, `{"access_token":"t","instance_url":"http://%s"}`, r.Host)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, body)
		}))
		_, c := system(t, yamlFor(srv.URL, ccAuth, "{}"), map[string]string{"SECRET": "secret"})
		if err := query(t, c); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%s: err %v, want %q", body, err, want)
		}
		srv.Close()
	}
}
