package hubspot_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	api "github.com/stewardhq/steward/internal/api/hubspot"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/record"
	"github.com/stewardhq/steward/load"
	"github.com/stewardhq/steward/load/hubspot"
)

const token = "pat-test"

func nopSleep(ctx context.Context, _ time.Duration) error { return ctx.Err() }

// loaderFor builds a loader of dataType writing to h.
func loaderFor(t *testing.T, h http.Handler, dataType string, batch int) load.Loader {
	t.Helper()
	return build(t, h, dataType, batch, nil)
}

// loaderForTarget builds a loader owning fields.
func loaderForTarget(t *testing.T, h http.Handler, dataType string, owned []string) load.Loader {
	t.Helper()
	return build(t, h, dataType, 100, owned)
}

func build(t *testing.T, h http.Handler, dataType string, batch int, owned []string) load.Loader {
	t.Helper()
	return buildState(t, h, dataType, batch, owned, nil)
}

// buildState is build with the system's state handed in the spec, as the
// runner hands it.
func buildState(t *testing.T, h http.Handler, dataType string, batch int, owned []string, state record.SystemState) load.Loader {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	text := fmt.Sprintf(`version: 1
staging: {sqlite: x.db, parquet_dir: pq}
systems:
  crm:
    kind: hubspot
    base_url: %s
    allow_insecure_loopback: true
    auth: {type: bearer, token: "${TOKEN}"}
    settings: {price_currency: EUR, batch_size: %d}
`, srv.URL, batch)
	file, err := config.Parse("t.yaml", []byte(text), nil, func(k string) (string, bool) { return token, k == "TOKEN" })
	if err != nil {
		t.Fatal(err)
	}
	hc, err := httpx.New("crm", file.Systems["crm"], zerolog.Nop(), httpx.Options{Sleep: nopSleep})
	if err != nil {
		t.Fatal(err)
	}
	s, ps := api.DecodeSettings(file, "crm")
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	l, err := hubspot.NewWith(load.Spec{System: "crm", Config: file, Settings: s, Job: config.Job{Name: "job", DataType: dataType}, Target: config.Target{System: "crm", Fields: owned}, Client: hc, State: state, Log: zerolog.Nop()},
		api.Options{Pacing: api.Pacing{Sleep: nopSleep}})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func fields(kv ...string) map[string]json.RawMessage {
	m := map[string]json.RawMessage{}
	for i := 0; i < len(kv); i += 2 {
		m[kv[i]] = json.RawMessage(kv[i+1])
	}
	return m
}

func statuses(out []load.Outcome) []string {
	var s []string
	for _, o := range out {
		s = append(s, o.Status)
	}
	return s
}
