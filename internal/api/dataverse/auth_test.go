package dataverse_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	api "github.com/stewardhq/steward/internal/api/dataverse"
	"github.com/stewardhq/steward/internal/api/dataverse/dvtest"
	"github.com/stewardhq/steward/internal/httpx"
)

const secret = "s3cret-canary"

func client(t *testing.T, base, tokenURL, settings string) (*api.Client, *config.File) {
	t.Helper()
	text := fmt.Sprintf(`version: 1
staging: {sqlite: x.db, parquet_dir: pq}
systems:
  src:
    kind: dataverse
    base_url: %s
    allow_insecure_loopback: true
    auth: {type: entra_client_credentials, client_id: app-id, client_secret: "${SECRET}", token_url: %q}
    settings: {%s}
`, base, tokenURL, settings)
	f, err := config.Parse("t.yaml", []byte(text), nil, func(k string) (string, bool) { return secret, k == "SECRET" })
	if err != nil {
		t.Fatal(err)
	}
	s, ps := api.DecodeSettings(f, "src")
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	h, err := httpx.New("src", f.Systems["src"], zerolog.Nop(), httpx.Options{Auth: api.Auths(), Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	if err != nil {
		t.Fatal(err)
	}
	return api.New(h, s, api.Options{}, zerolog.Nop()), f
}

// TestEntraToken: the secret goes only to the token endpoint (another
// host), as form fields with the default scope of base_url; the API sees
// only the bearer token; a 401 renews the token once and replays.
func TestEntraToken(t *testing.T) {
	var mu sync.Mutex
	var forms []string
	tokens := dvtest.New(secret)
	tokenSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		mu.Lock()
		forms = append(forms, r.PostForm.Encode())
		mu.Unlock()
		tokens.ServeHTTP(w, r)
	}))
	defer tokenSrv.Close()
	f := dvtest.New(secret)
	f.Keys["accounts"] = "accountid"
	f.Issuer = tokens
	apiSrv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/token" || strings.Contains(r.URL.RawQuery, secret) {
			t.Errorf("the API host saw %s", r.URL)
		}
		f.ServeHTTP(w, r)
	}))
	defer apiSrv.Close()
	c, _ := client(t, apiSrv.URL, tokenSrv.URL+"/token", "")
	link := c.CollectionURL("accounts", api.Query{Select: []string{"accountid"}})
	if _, err := c.Page(t.Context(), link, api.Prefer(false, 5)); err != nil {
		t.Fatal(err)
	}
	tokens.Revoke()
	if _, err := c.Page(t.Context(), link, api.Prefer(false, 5)); err != nil {
		t.Fatalf("after a 401: %v", err)
	}
	want := "client_id=app-id&client_secret=" + secret + "&grant_type=client_credentials&scope=http%3A%2F%2F" + strings.ReplaceAll(strings.TrimPrefix(apiSrv.URL, "http://"), ":", "%3A") + "%2F.default"
	if len(forms) != 2 || forms[0] != want {
		t.Fatalf("token requests %q, want two of %q", forms, want)
	}
}

// TestEntraDefaultEndpoint: without token_url the tenant's Entra endpoint
// is used, over HTTPS only; nothing reaches base_url's host.
func TestEntraDefaultEndpoint(t *testing.T) {
	if got := api.TokenURL("contoso.onmicrosoft.com"); got != "https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token" {
		t.Errorf("token URL %s", got)
	}
	hits := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { hits++ }))
	defer srv.Close()
	creds, err := api.EntraFlow.New(config.System{BaseURL: srv.URL, Auth: config.Auth{ClientID: "a", ClientSecret: config.Secret{}}})
	if err == nil || creds.Fetch != nil {
		t.Fatalf("a flow without token_url and tenant: %v", err)
	}
	if hits != 0 {
		t.Errorf("base_url host saw %d requests", hits)
	}
}

// TestTenantRequired: DecodeSettings wants a tenant when token_url is unset.
func TestTenantRequired(t *testing.T) {
	text := `version: 1
staging: {sqlite: x.db, parquet_dir: pq}
systems:
  src:
    kind: dataverse
    base_url: https://org.crm4.dynamics.com
    auth: {type: entra_client_credentials, client_id: a, client_secret: "${S}"}
    settings: {page_size: 9000}
`
	f, err := config.Parse("t.yaml", []byte(text), nil, func(string) (string, bool) { return "x", true })
	if err != nil {
		t.Fatal(err)
	}
	_, ps := api.DecodeSettings(f, "src")
	got := fmt.Sprint(ps)
	for _, want := range []string{"systems.src.settings.tenant", "systems.src.settings.page_size"} {
		if !strings.Contains(got, want) {
			t.Errorf("problems %s lack %s", got, want)
		}
	}
}

// TestEntraProactiveRefresh: a token of expires_in 3599 s is renewed once
// less than 60 s of it are left, before any 401.
func TestEntraProactiveRefresh(t *testing.T) {
	f := dvtest.New(secret)
	f.Keys["accounts"] = "accountid"
	srv := httptest.NewServer(f)
	defer srv.Close()
	// oauth2 dates the token's expiry by the real clock.
	now := time.Now()
	sys := config.System{BaseURL: srv.URL, AllowInsecureLoopback: true,
		Auth: config.Auth{Type: api.AuthEntra, ClientID: "a", ClientSecret: config.NewSecret(secret), TokenURL: srv.URL + "/token"}}
	retries := 0
	sys.Retry.MaxRetries = &retries
	h, err := httpx.New("src", sys, zerolog.Nop(), httpx.Options{Auth: api.Auths(), Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	c := api.New(h, api.Settings{APIPath: "/api/data/v9.2", PageSize: 5, Concurrency: 1, WindowRequests: 100}, api.Options{}, zerolog.Nop())
	link := c.CollectionURL("accounts", api.Query{})
	for _, step := range []time.Duration{0, 3500 * time.Second, 45 * time.Second} {
		now = now.Add(step)
		if _, err := c.Page(t.Context(), link, ""); err != nil {
			t.Fatal(err)
		}
	}
	if f.Tokens() != 2 || f.Requests["GET "+dvtest.Root+"/accounts"] != 3 {
		t.Fatalf("tokens %d, requests %v: want one renewal at 3545 s and no 401", f.Tokens(), f.Requests)
	}
}
