package main

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/sandbox"
)

// TestServeRefusesAConfigWithoutLogin: a serve section giving nobody a way
// to log in is a usage error whose hint shows the token lines to add.
func TestServeRefusesAConfigWithoutLogin(t *testing.T) {
	_, cfg := startSandboxWith(t, 5, 1, sandbox.ConfigOptions{Generator: "template"})
	editConfig(t, cfg, sandboxServe, "serve:\n  listen: 127.0.0.1:0\n")
	_, msg, code := stewardErr(t, "serve", "--config", cfg)
	for _, want := range []string{"no way to log in", "serve:\n  tokens:\n    - name: admin\n      token: ${STEWARD_CONSOLE_TOKEN}", "role: operator"} {
		if code != 2 || !strings.Contains(msg, want) {
			t.Errorf("serve without a login method: exit %d, want 2 and %q in:\n%s", code, want, msg)
		}
	}
}

// TestServeSecretsConcernOnlyServe: the sandbox config names the console
// token by an environment variable; unset, it stops steward serve (exit 2,
// the variable named) but no other command, and validate warns of it.
func TestServeSecretsConcernOnlyServe(t *testing.T) {
	t.Setenv("STEWARD_CONSOLE_TOKEN", "")
	_, cfg := startSandboxWith(t, 5, 1, sandbox.ConfigOptions{Generator: "template"})
	if _, msg, code := stewardErr(t, "run", "prices", "--config", cfg); code != 0 {
		t.Errorf("run without the console token: exit %d: %s", code, msg)
	}
	out, msg, code := stewardErr(t, "validate", "--config", cfg)
	if code != 0 || !strings.Contains(out, "warning: "+cfg) || !strings.Contains(out, "serve.tokens[0].token: environment variable STEWARD_CONSOLE_TOKEN is not set") ||
		!strings.Contains(out, "steward serve refuses to start until it is fixed") {
		t.Errorf("validate without the console token: exit %d (%s), output:\n%s", code, msg, out)
	}
	if _, msg, code := stewardErr(t, "serve", "--config", cfg); code != 2 || !strings.Contains(msg, "serve.tokens[0].token: environment variable STEWARD_CONSOLE_TOKEN is not set") {
		t.Errorf("serve without the console token: exit %d, want 2 naming the variable: %s", code, msg)
	}
}

// TestServeScheduleAndOperationalEndpoints runs serve --schedule with the
// sandbox's token login: /healthz and /readyz answer without a login (the
// scheduler's heartbeat is fresh), /metrics needs the token, a webhook
// endpoint authenticates by its own signature (a job without a trigger is
// 404, not a login page), the console needs a login, and SIGTERM (the
// command's context ending) stops everything cleanly.
func TestServeScheduleAndOperationalEndpoints(t *testing.T) {
	const token = "sandbox-console-token-0123456789"
	t.Setenv("STEWARD_CONSOLE_TOKEN", token)
	_, cfg := startSandboxWith(t, 5, 1, sandbox.ConfigOptions{Generator: "template"})
	addr := freeLoopbackAddr(t)
	editConfig(t, cfg, "listen: 127.0.0.1:8080", "listen: "+addr)
	stop, out := runServe(t, cfg, "--schedule")
	base := "http://" + addr
	waitHealthy(t, base)
	// Ready once the scheduler, started beside the server, has beaten.
	waitFor200(t, base+"/readyz")
	cases := []struct {
		method, path, auth string
		want               int
		body               string
	}{
		{"GET", "/readyz", "", http.StatusOK, "ready"},
		{"GET", "/metrics", "", http.StatusUnauthorized, ""},
		{"GET", "/metrics", token, http.StatusOK, "steward_"},
		{"GET", "/review", token, http.StatusOK, "Review queue"},
		{"POST", "/review/1/approve", "", http.StatusUnauthorized, ""},
		{"POST", "/hooks/products/generic", "", http.StatusNotFound, ""},
	}
	for _, c := range cases {
		st, body := call(t, c.method, base+c.path, c.auth)
		if st != c.want || !strings.Contains(body, c.body) {
			t.Errorf("%s %s (token %v): %d, want %d with %q\n%.300s", c.method, c.path, c.auth != "", st, c.want, c.body, body)
		}
	}
	if err := stop(); err != nil {
		t.Errorf("steward serve --schedule did not stop cleanly: %v", err)
	}
	if want := "steward serve: console at " + base + "/ (jobs scheduled in this process: yes)\n"; out.String() != want {
		t.Errorf("serve printed %q, want %q", out.String(), want)
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("the console still answers after the stop")
	}
}

func call(t *testing.T, method, url, token string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
