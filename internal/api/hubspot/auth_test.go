package hubspot_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	api "github.com/stewardhq/steward/internal/api/hubspot"
	"github.com/stewardhq/steward/internal/httpx"
)

// TestOAuthRefreshFlow: hubspot_oauth posts grant_type=refresh_token with
// client_id, client_secret and refresh_token as form fields to
// /oauth/v1/token, uses the access token, and refreshes with the new refresh
// token before expires_in runs out.
func TestOAuthRefreshFlow(t *testing.T) {
	var mu sync.Mutex
	var grants []string
	n := 0
	mux := http.NewServeMux()
	mux.HandleFunc("POST /oauth/v1/token", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		_ = r.ParseForm()
		if r.Form.Get("grant_type") != "refresh_token" || r.Form.Get("client_id") != "cid" || r.Form.Get("client_secret") != "sec" {
			w.WriteHeader(400)
			return
		}
		grants = append(grants, r.Form.Get("refresh_token"))
		n++
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"access_token": fmt.Sprintf("at-%d", n), "refresh_token": fmt.Sprintf("rt-%d", n), "token_type": "bearer", "expires_in": 61})
	})
	var seen []string
	mux.HandleFunc("GET /crm/v3/objects/companies", func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Header.Get("Authorization"))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"results":[]}`))
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	text := fmt.Sprintf("version: 1\nstaging: {sqlite: x.db, parquet_dir: pq}\nsystems:\n  crm:\n    kind: hubspot\n    base_url: %s\n    allow_insecure_loopback: true\n    auth: {type: hubspot_oauth, client_id: cid, client_secret: \"${S}\", token: \"${R}\"}\n", srv.URL)
	file, err := config.Parse("t.yaml", []byte(text), nil, func(k string) (string, bool) { return map[string]string{"S": "sec", "R": "rt-0"}[k], true })
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	hc, err := httpx.New("crm", file.Systems["crm"], zerolog.Nop(), httpx.Options{Auth: api.Auths(), Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	s, _ := api.DecodeSettings(file, "crm")
	cl := api.New(hc, s, api.Options{})
	for range 2 {
		if _, err := cl.List(t.Context(), cl.ListURL("companies", nil, 1, false)); err != nil {
			t.Fatal(err)
		}
		now = now.Add(2 * time.Second) // past expires_in - 60 s
	}
	if len(grants) != 2 || grants[0] != "rt-0" || grants[1] != "rt-1" || seen[0] != "Bearer at-1" || seen[1] != "Bearer at-2" {
		t.Fatalf("grants %v, auth headers %v", grants, seen)
	}
	_ = context.Background
}
