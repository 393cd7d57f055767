package hubspot_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	api "github.com/stewardhq/steward/internal/api/hubspot"
	"github.com/stewardhq/steward/internal/api/hubspot/hubspottest"
	"github.com/stewardhq/steward/internal/httpx"
)

// TestReviewSharedTokenWindow: the runner builds one HTTP client per system
// and hands it to every job's extractor and loader. Three HubSpot clients
// on it (the customers, leads and lead_scores jobs of one system run side by
// side), taking turns, must slow down before the token's 100 per 10 s
// window answers 429: the window is the token's, not one client's.
func TestReviewSharedTokenWindow(t *testing.T) {
	c := newClock()
	f := hubspottest.New(token)
	f.Burst, f.Now = 100, c.Now
	f.Put("companies", "1", map[string]string{"name": "A"}, c.Now())
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	text := fmt.Sprintf(`version: 1
staging: {sqlite: x.db, parquet_dir: pq}
systems:
  crm:
    kind: hubspot
    base_url: %s
    allow_insecure_loopback: true
    auth: {type: bearer, token: "${TOKEN}"}
`, srv.URL)
	file, err := config.Parse("t.yaml", []byte(text), nil, func(k string) (string, bool) { return token, k == "TOKEN" })
	if err != nil {
		t.Fatal(err)
	}
	hc, err := httpx.New("crm", file.Systems["crm"], zerolog.Nop(), httpx.Options{Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	if err != nil {
		t.Fatal(err)
	}
	s, _ := api.DecodeSettings(file, "crm")
	opt := api.Options{Pacing: api.Pacing{Now: c.Now, Sleep: c.Sleep}}
	cls := []*api.Client{api.New(hc, s, opt), api.New(hc, s, opt), api.New(hc, s, opt)}
	for i := range 300 {
		cl := cls[i%3]
		if _, err := cl.List(t.Context(), cl.ListURL("companies", []string{"name"}, 1, false)); err != nil {
			t.Fatalf("request %d: %v", i, err)
		}
	}
	if f.Got429 != 0 {
		t.Fatalf("%d answers were 429", f.Got429)
	}
}
