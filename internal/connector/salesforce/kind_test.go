package salesforce_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/api/salesforce/sftest"
	"github.com/stewardhq/steward/internal/connector/salesforce"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	emulator "github.com/stewardhq/steward/internal/sandbox/salesforce"
)

// TestProbe authenticates with the kind's own flow and reports the
// allocation, against the fake and against the kind's sandbox emulator.
func TestProbe(t *testing.T) {
	if !salesforce.Kind().ReportsQuota {
		t.Error("the salesforce kind keeps salesforce.quota but does not say it reports a quota")
	}
	f := sftest.New()
	probeAt(t, f, "cid", "1/15000")
	em := salesforce.Kind().Emulator(catalog.New(5, 1))
	probeAt(t, em, emulator.SandboxClientID, "/100000")
}

func probeAt(t *testing.T, handler http.Handler, clientID, usage string) {
	k := salesforce.Kind()
	srv := httptest.NewServer(handler)
	defer srv.Close()
	text := fmt.Sprintf(`version: 1
staging: {sqlite: x.db, parquet_dir: pq}
systems:
  crm:
    kind: salesforce
    base_url: %s
    allow_insecure_loopback: true
    auth: {type: salesforce_client_credentials, client_id: %s, client_secret: "${S}"}
jobs: []
`, srv.URL, clientID)
	secret := "secret"
	if clientID == emulator.SandboxClientID {
		secret = emulator.SandboxClientSecret
	}
	cfg, err := config.Parse("t.yaml", []byte(text), nil, func(string) (string, bool) { return secret, true })
	if err != nil {
		t.Fatal(err)
	}
	auths := httpx.NewAuths()
	for name, flow := range k.Auth {
		auths.Register(name, flow)
	}
	h, err := httpx.New("crm", cfg.Systems["crm"], zerolog.Nop(), httpx.Options{Auth: auths})
	if err != nil {
		t.Fatal(err)
	}
	settings, ps := k.Decode(cfg, "crm")
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	msg, err := k.Probe(t.Context(), settings, h)
	if err != nil || !strings.Contains(msg, usage) || k.Name != "salesforce" || len(k.Auth) != 2 {
		t.Fatalf("probe %q, %v", msg, err)
	}
}
