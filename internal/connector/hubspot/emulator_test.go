package hubspot_test

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/connector/hubspot"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	emulator "github.com/stewardhq/steward/internal/sandbox/hubspot"
)

// TestEmulatorOAuthProbe: the hubspot_oauth flow gets an access token from
// the emulator's /oauth/v1/token with the sandbox app's refresh token, and
// renews it once its TTL (not a 401) says so.
func TestEmulatorOAuthProbe(t *testing.T) {
	k := hubspot.Kind()
	e := emulator.Sandbox(catalog.New(10, 1))
	now := time.Now() // oauth2 dates a token by the wall clock
	e.SetClock(func() time.Time { return now })
	srv := httptest.NewServer(e)
	defer srv.Close()
	text := fmt.Sprintf("version: 1\nstaging: {sqlite: x.db, parquet_dir: pq}\nsystems:\n  crm:\n    kind: hubspot\n    base_url: %s\n    allow_insecure_loopback: true\n"+
		"    auth: {type: hubspot_oauth, client_id: %s, client_secret: \"${S}\", token: \"${R}\"}\n", srv.URL, emulator.SandboxClientID)
	env := map[string]string{"S": emulator.SandboxClientSecret, "R": emulator.SandboxRefreshToken}
	file, err := config.Parse("t.yaml", []byte(text), nil, func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}
	auths := httpx.NewAuths()
	for name, f := range k.Auth {
		auths.Register(name, f)
	}
	hc, err := httpx.New("crm", file.Systems["crm"], zerolog.Nop(), httpx.Options{Auth: auths, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	s, _ := k.Decode(file, "crm")
	for range 2 {
		if got, err := k.Probe(t.Context(), s, hc); err != nil || !strings.Contains(got, "companies") {
			t.Fatalf("probe %q, %v", got, err)
		}
		now = now.Add(emulator.AccessTokenTTL - 30*time.Second) // inside the last minute: renew
	}
	if n := e.Calls()["POST /oauth/v1/token"]; n != 2 {
		t.Fatalf("token requests %d, want 2 (calls %v)", n, e.Calls())
	}
}
