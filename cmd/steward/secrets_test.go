package main

import (
	"bytes"
	"encoding/base64"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
)

// runCLI runs the CLI in-process at trace level and returns stdout, stderr
// and the error text main would print.
func runCLI(t *testing.T, args ...string) (stdout, stderr []byte, errText string) {
	t.Helper()
	var out, errOut bytes.Buffer
	root := newRoot()
	root.SetArgs(append(args, "--log-level", "trace"))
	root.SetOut(&out)
	root.SetErr(&errOut)
	if err := root.ExecuteContext(t.Context()); err != nil {
		errText = "steward: " + err.Error()
	}
	return out.Bytes(), errOut.Bytes(), errText
}

// sandboxSecrets lists every configured credential of the sandbox config in
// each form it travels in: raw, URL-encoded, and the Basic headers built from
// it (client id and secret URL-encoded first, as OAuth2 clients do).
func sandboxSecrets() []string {
	ak, sap := akeneoCredentials, sapCredentials
	raw := []string{ak.Secret, ak.Password, sap.ClientSecret, llmKey}
	var out []string
	for _, s := range raw {
		out = append(out, s, url.QueryEscape(s), base64.StdEncoding.EncodeToString([]byte(s)))
	}
	for _, p := range [][2]string{{ak.ClientID, ak.Secret}, {sap.ClientID, sap.ClientSecret}, {ak.Username, ak.Password}} {
		out = append(out, base64.StdEncoding.EncodeToString([]byte(p[0]+":"+p[1])),
			base64.StdEncoding.EncodeToString([]byte(url.QueryEscape(p[0])+":"+url.QueryEscape(p[1]))))
	}
	return out
}

// credentialFragment matches a credential that survived in any shape.
var credentialFragment = regexp.MustCompile(`(?i)(Bearer|Basic) [A-Za-z0-9._~+/-]{4,}|client_secret=[^*]|password=[^*]`)

// stateArtifacts reads every file under the config's folder that steward
// writes: the SQLite database and its WAL, Parquet snapshots and the reports.
// It fails when the reports folder holds nothing, so the scan cannot pass by
// looking at nothing.
func stateArtifacts(t *testing.T, cfg string, wantReports bool) map[string][]byte {
	t.Helper()
	dir := filepath.Dir(cfg)
	out := map[string][]byte{}
	reports := 0
	for _, sub := range []string{"state", "reports"} {
		_ = filepath.WalkDir(filepath.Join(dir, sub), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			b, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			out[path] = b
			if sub == "reports" {
				reports++
			}
			return nil
		})
	}
	if _, ok := out[filepath.Join(dir, "state", "steward.db")]; !ok {
		t.Fatal("no SQLite database to scan")
	}
	if wantReports && reports == 0 {
		t.Fatal("the reports folder is empty: nothing to scan")
	}
	return out
}

func assertNoSecrets(t *testing.T, artifacts map[string][]byte) {
	t.Helper()
	for name, b := range artifacts {
		for _, s := range sandboxSecrets() {
			if bytes.Contains(b, []byte(s)) {
				t.Errorf("secret %q found in %s", s, name)
			}
		}
		if m := credentialFragment.Find(b); m != nil {
			t.Errorf("credential fragment %q found in %s", m, name)
		}
	}
}

// TestSecretsNeverLeak runs both jobs with trace logging (drafts come from the
// sandbox model, so the LLM key is used) and looks for every configured
// secret in the logs, the output, the SQLite files, the Parquet snapshots and
// the reports.
func TestSecretsNeverLeak(t *testing.T) {
	t.Parallel()
	_, cfg := startSandbox(t, 500, 3)
	out, errOut, errText := runCLI(t, "run", "prices", "products", "--config", cfg)
	if errText != "" {
		t.Fatal(errText)
	}
	if !strings.Contains(string(errOut), `"message":"request"`) || !strings.Contains(string(errOut), "/v1/chat/completions") {
		t.Fatal("trace logging shows no requests, or none to the model: nothing to check")
	}
	artifacts := stateArtifacts(t, cfg, true)
	artifacts["log"], artifacts["stdout"] = errOut, out
	assertNoSecrets(t, artifacts)
}

// echoUpstream is a token endpoint whose error answer echoes the request, as
// some gateways do: the Authorization header, the form body, then a dump.
func echoUpstream(t *testing.T, hits *atomic.Int32) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		dump, _ := httputil.DumpRequest(r, true)
		body, _ := io.ReadAll(r.Body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = io.WriteString(w, `{"error":"invalid_client","error_description":"rejected `+r.Header.Get("Authorization")+` with `+string(body)+`","request":`+
			strings.ReplaceAll(strings.ReplaceAll(string(dump), "\r\n", " | "), `"`, `'`)+`"}`)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// TestSecretsNeverLeakFromEchoingUpstream points both token endpoints at an
// upstream that echoes the request in its error body: the SAP client secret
// (in the form body) and the Akeneo Basic header must reach none of stderr,
// the printed error, the run history (SQLite, steward runs, runs --json),
// Parquet or the reports (issue 6 #36).
func TestSecretsNeverLeakFromEchoingUpstream(t *testing.T) {
	t.Parallel()
	_, cfg := startSandbox(t, 50, 5)
	var hits atomic.Int32
	echo := echoUpstream(t, &hits)
	raw, _ := os.ReadFile(cfg)
	text := regexp.MustCompile(`token_url: \S+`).ReplaceAllString(string(raw), "token_url: "+echo.URL+"/sap/bc/sec/oauth2/token")
	text = strings.Replace(text, "type: akeneo_password\n", "type: akeneo_password\n      token_url: "+echo.URL+"/api/oauth/v1/token\n", 1)
	if err := os.WriteFile(cfg, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	artifacts := map[string][]byte{}
	for _, job := range []string{"prices", "products"} {
		out, errOut, errText := runCLI(t, "run", job, "--config", cfg)
		if !strings.Contains(errText, "status 401") {
			t.Fatalf("run %s: error %q; want the token endpoint's 401", job, errText)
		}
		artifacts["stdout "+job], artifacts["stderr "+job], artifacts["error "+job] = out, errOut, []byte(errText)
	}
	if hits.Load() < 2 {
		t.Fatalf("the echoing upstream saw %d requests", hits.Load())
	}
	for _, args := range [][]string{{"runs"}, {"runs", "--json"}} {
		out, errOut, errText := runCLI(t, append(args, "--config", cfg)...)
		// The table cuts errors to one short line; --json carries them whole.
		want := "failed"
		if len(args) == 2 {
			want = "status 401"
		}
		if !strings.Contains(string(out), want) {
			t.Fatalf("steward %s does not show the failure:\n%s", strings.Join(args, " "), out)
		}
		name := "steward " + strings.Join(args, " ")
		artifacts[name], artifacts[name+" stderr"], artifacts[name+" error"] = out, errOut, []byte(errText)
	}
	for k, v := range stateArtifacts(t, cfg, false) {
		artifacts[k] = v
	}
	assertNoSecrets(t, artifacts)
}
