package hubspot_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract"
	"github.com/stewardhq/steward/extract/hubspot"
	api "github.com/stewardhq/steward/internal/api/hubspot"
	"github.com/stewardhq/steward/internal/api/hubspot/hubspottest"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/record"
	emulator "github.com/stewardhq/steward/internal/sandbox/hubspot"
)

// stateExtractor builds a full-pass companies extractor of system crm at h
// with the auth flow map auth (its ${S} and ${R} from env), handing it state
// in its spec as the runner does.
func stateExtractor(t *testing.T, h http.Handler, auth string, env map[string]string, state record.SystemState) extract.Extractor {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	text := fmt.Sprintf(`version: 1
staging: {sqlite: x.db, parquet_dir: pq}
systems:
  crm: {kind: hubspot, base_url: %s, allow_insecure_loopback: true, auth: %s, settings: {price_currency: EUR}}
jobs:
  - {name: job, data_type: customers, cadence: "@daily", extract: {system: crm, entity: companies, mode: full, page_size: 5}}
`, srv.URL, auth)
	file, err := config.Parse("t.yaml", []byte(text), nil, func(k string) (string, bool) { v, ok := env[k]; return v, ok })
	if err != nil {
		t.Fatal(err)
	}
	hc, err := httpx.New("crm", file.Systems["crm"], zerolog.Nop(), httpx.Options{Auth: api.Auths(), Sleep: nopSleep})
	if err != nil {
		t.Fatal(err)
	}
	s, ps := api.DecodeSettings(file, "crm")
	if len(ps) > 0 {
		t.Fatal(ps)
	}
	x, err := hubspot.New(extract.Spec{System: "crm", Config: file, Settings: s, Job: file.Jobs[0], Client: hc, State: state, Log: zerolog.Nop()})
	if err != nil {
		t.Fatal(err)
	}
	return x
}

func putCompanies(t *testing.T, e *emulator.Emulator, n int) {
	t.Helper()
	for i := range n {
		if _, err := e.Put("companies", map[string]string{"name": "Co", "steward_external_id": fmt.Sprintf("C-%d", i)}); err != nil {
			t.Fatal(err)
		}
	}
}

// TestEmulatorQuotaKept: after a full pass with a private app token the
// system's state holds the portal's daily figure under hubspot.quota as the
// emulator's last answer announced it (every request of the pass counted
// against its daily limit, dated by its clock), kept at the first answer
// and at the end of the pass, not on each of the five pages.
func TestEmulatorQuotaKept(t *testing.T) {
	c := &emuClock{}
	c.set(base.Add(1500 * time.Millisecond))
	e := emulator.New(emulator.Options{Tokens: []string{token}, Now: c.now, DailyMax: 2000})
	putCompanies(t, e, 25)
	st := &hubspottest.MemState{}
	x := stateExtractor(t, e, `{type: bearer, token: "${R}"}`, map[string]string{"R": token}, st)
	if _, err := drain(t, x, record.Cursor{}); err != nil {
		t.Fatal(err)
	}
	pages := e.Calls()["GET /crm/v3/objects/companies"]
	q := st.Quota(t)
	if at := base.Add(time.Second); pages != 5 || q.Used != pages || q.Max != 2000 || !q.At.Equal(at) {
		t.Fatalf("kept %+v after %d pages, want used %d of 2000 at %s (the Date header)", q, pages, pages, at)
	}
	if st.Saves() != 2 {
		t.Fatalf("the figure was kept %d times over %d answers, want 2 (the first and the end)", st.Saves(), pages)
	}
}

// TestEmulatorQuotaNotKeptForOAuth: an OAuth app's answers carry no daily
// figure (it has no daily limit), so a pass keeps none.
func TestEmulatorQuotaNotKeptForOAuth(t *testing.T) {
	e := emulator.New(emulator.Options{ClientID: "cid", ClientSecret: "sec", RefreshTokens: []string{"rt"}, Now: time.Now})
	putCompanies(t, e, 12)
	st := &hubspottest.MemState{}
	x := stateExtractor(t, e, `{type: hubspot_oauth, client_id: cid, client_secret: "${S}", token: "${R}"}`, map[string]string{"S": "sec", "R": "rt"}, st)
	d, err := drain(t, x, record.Cursor{})
	if err != nil {
		t.Fatal(err)
	}
	assertOnce(t, d.keys, 12)
	if st.Saves() != 0 || e.Calls()["POST /oauth/v1/token"] == 0 {
		t.Fatalf("state %v after an OAuth pass (calls %v), want nothing kept", st, e.Calls())
	}
}
