package hubspot_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	api "github.com/stewardhq/steward/internal/api/hubspot"
	"github.com/stewardhq/steward/internal/api/hubspot/hubspottest"
	"github.com/stewardhq/steward/internal/connector/hubspot"
	"github.com/stewardhq/steward/internal/httpx"
)

// TestKindProbe: the kind decodes its settings, registers hubspot_oauth and
// probes with one list read.
func TestKindProbe(t *testing.T) {
	k := hubspot.Kind()
	if k.Name != "hubspot" || !k.HTTP || k.Extract == nil || k.Load == nil || !k.ReportsQuota {
		t.Fatalf("kind %+v", k)
	}
	if _, ok := k.Auth[api.AuthOAuth]; !ok {
		t.Fatalf("auth flows %v", k.Auth)
	}
	f := hubspottest.New("tok")
	srv := httptest.NewServer(f)
	defer srv.Close()
	text := fmt.Sprintf("version: 1\nstaging: {sqlite: x.db, parquet_dir: pq}\nsystems:\n  crm:\n    kind: hubspot\n    base_url: %s\n    allow_insecure_loopback: true\n    auth: {type: bearer, token: \"${T}\"}\n    settings: {page_size: 50}\n", srv.URL)
	file, err := config.Parse("t.yaml", []byte(text), nil, func(string) (string, bool) { return "tok", true })
	if err != nil {
		t.Fatal(err)
	}
	s, ps := k.Decode(file, "crm")
	if len(ps) > 0 || s.(api.Settings).PageSize != 50 {
		t.Fatalf("decoded %+v %v", s, ps)
	}
	hc, err := httpx.New("crm", file.Systems["crm"], zerolog.Nop(), httpx.Options{Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	if err != nil {
		t.Fatal(err)
	}
	got, err := k.Probe(t.Context(), s, hc)
	if err != nil || !strings.Contains(got, "/crm/v3/objects/companies") {
		t.Fatalf("probe %q, %v", got, err)
	}
}
