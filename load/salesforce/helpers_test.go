package salesforce_test

import (
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"testing"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	api "github.com/stewardhq/steward/internal/api/salesforce"
	"github.com/stewardhq/steward/internal/api/salesforce/sftest"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/load"
	loader "github.com/stewardhq/steward/load/salesforce"
)

func loaderConfig(base, dataType, settings string) string {
	return fmt.Sprintf(`version: 1
staging: {sqlite: x.db, parquet_dir: pq}
systems:
  crm:
    kind: salesforce
    base_url: %s
    allow_insecure_loopback: true
    auth: {type: salesforce_client_credentials, client_id: cid, client_secret: "${SECRET}"}
    settings: %s
  src:
    kind: salesforce
    base_url: %s
    allow_insecure_loopback: true
    auth: {type: salesforce_client_credentials, client_id: cid, client_secret: "${SECRET}"}
jobs:
  - name: job
    data_type: %s
    cadence: "@daily"
    extract: {system: src, entity: Account, mode: full}
    load: {targets: [{system: crm, fields: [name]}]}
`, base, settings, base, dataType)
}

// newLoader builds the loader of dataType against a fake.
func newLoader(t *testing.T, f *sftest.Fake, dataType, settings string) *loader.Loader {
	t.Helper()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return loaderAt(t, srv.URL, dataType, settings)
}

func loaderAt(t *testing.T, base, dataType, settings string) *loader.Loader {
	t.Helper()
	cfg, err := config.Parse("t.yaml", []byte(loaderConfig(base, dataType, settings)), nil, func(string) (string, bool) { return "secret", true })
	if err != nil {
		t.Fatal(err)
	}
	h, err := httpx.New("crm", cfg.Systems["crm"], zerolog.Nop(), httpx.Options{Auth: api.Auths()})
	if err != nil {
		t.Fatal(err)
	}
	s, ps := api.DecodeSettings(cfg, "crm")
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	job, _ := cfg.Job("job")
	l, err := loader.New(load.Spec{System: "crm", Config: cfg, Settings: s, Job: job, Target: job.Load.Targets[0], Client: h, Log: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	ld := l.(*loader.Loader)
	ld.Client().SetBulkPoll(1)
	return ld
}

func raw(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}

func statuses(out []load.Outcome) []string {
	s := make([]string, len(out))
	for i, o := range out {
		s[i] = o.Status
		if o.Reason != "" {
			s[i] += ": " + o.Reason
		}
	}
	return s
}
