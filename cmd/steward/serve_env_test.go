package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/oauth2-proxy/mockoidc"

	"github.com/stewardhq/steward/internal/store"
)

// consoleEnv is the sandbox (Akeneo as the PIM, HubSpot as the CRM, SAP),
// its state seeded through the pipeline, and steward serve on it, logging
// in through a local OpenID provider: editors are stewards, ops are
// operators, staff are viewers.
type consoleEnv struct {
	*crmEnv
	st   *store.Store
	idp  *mockoidc.MockOIDC
	base string
	// escalation is the street both SAP and the CRM changed (account 0).
	escalation int64
	// deadLetter is a draft push the PIM rejected.
	deadLetter store.DeadLetter
	stop       func() error
}

// newConsoleEnv seeds the state as the pipeline would and starts serve: an
// escalated conflict (the street of account 0 changed in SAP and in the
// CRM), description drafts of a products run kept as drafts (publish:
// false), and a dead letter (a draft push the PIM rejected while the config
// named an attribute the PIM lacks, put right since).
func newConsoleEnv(t *testing.T) *consoleEnv {
	t.Helper()
	clock := &testClock{at: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
	sb, cfg := startCRMSandbox(t, 60, "hubspot", clock)
	e := &consoleEnv{crmEnv: &crmEnv{t: t, sb: sb, cfg: cfg, side: crmSides["hubspot"], clock: clock, sap: newSAPAPI(t, sb.SAPURL), crm: "hubspot"}}
	e.ids = e.side.ids(t, sb)
	editConfig(t, cfg, "publish: true", "publish: false")
	e.run("customers-crm", "customers-erp")
	e.escalation = e.plantConflict(0, "Konfliktweg 1", "Kundenallee 5", "customers-crm", "customers-erp")
	e.run("products")
	e.st = e.state()
	e.deadLetter = e.seedDeadLetter()
	e.serve()
	return e
}

// seedDeadLetter approves one description draft on the command line and
// pushes it while the config names a draft attribute the PIM lacks: the
// PIM rejects the write and it becomes a dead letter. The config is then
// put right, so a replay can write it.
func (e *consoleEnv) seedDeadLetter() store.DeadLetter {
	t := e.t
	ds := descriptionDrafts(t, e.st, store.DraftPending)
	if len(ds) < 6 {
		t.Fatalf("%d pending description drafts; the tests need 6", len(ds))
	}
	if _, code := steward(t, "drafts", "approve", fmt.Sprint(ds[len(ds)-1].ID), "--reviewer", "seed", "--config", e.cfg); code != 0 {
		t.Fatal("approve the draft to dead-letter")
	}
	editConfig(t, e.cfg, "attribute: description_draft", "attribute: description_proposal")
	if out, code := steward(t, "drafts", "push", "--all", "--config", e.cfg); code != 1 || !strings.Contains(out, "1 rejected") {
		t.Fatalf("push to a missing attribute (exit %d, want 1):\n%s", code, out)
	}
	editConfig(t, e.cfg, "attribute: description_proposal", "attribute: description_draft")
	dls, err := e.st.DeadLetters(t.Context(), "products", 10)
	if err != nil || len(dls) != 1 {
		t.Fatalf("dead letters %+v (%v); want the rejected draft push", dls, err)
	}
	return dls[0]
}

// serve writes the serve section (a free loopback port, the identity
// provider, a viewer API token) and runs steward serve in-process until
// stop, which checks that it shut down cleanly.
func (e *consoleEnv) serve() {
	t := e.t
	idp, err := mockoidc.Run()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = idp.Shutdown() })
	e.idp = idp
	addr := freeLoopbackAddr(t)
	e.base = "http://" + addr
	dir := filepath.Dir(e.cfg)
	writeSecret(t, filepath.Join(dir, "secrets", "oidc_client_secret"), idp.ClientSecret)
	writeSecret(t, filepath.Join(dir, "secrets", "console_token"), consoleToken)
	editConfig(t, e.cfg, sandboxServe, fmt.Sprintf(`serve:
  listen: %s
  base_url: %s
  oidc:
    issuer: %s
    client_id: %s
    client_secret_file: %s/secrets/oidc_client_secret
    scopes: [profile, email, groups]
    roles: {operator: [ops], steward: [editors], viewer: [staff]}
  tokens:
    - {name: scraper, token_file: %s/secrets/console_token, role: viewer}
`, addr, e.base, idp.Issuer(), idp.ClientID, dir, dir))
	e.stop, _ = runServe(t, e.cfg)
	waitHealthy(t, e.base)
}

// consoleToken is the viewer token of the test's serve section.
const consoleToken = "scraper-token-0123456789abcdef"

// runServe starts steward serve on cfg; the returned func stops it (as
// SIGTERM does: the command's context ends) and returns its error. out is
// what it printed, to be read once it stopped.
func runServe(t *testing.T, cfg string, extra ...string) (stop func() error, out *bytes.Buffer) {
	ctx, cancel := context.WithCancel(context.WithoutCancel(t.Context()))
	done := make(chan error, 1)
	out = new(bytes.Buffer)
	var errOut bytes.Buffer
	go func() {
		root := newRoot()
		root.SetArgs(append([]string{"serve", "--config", cfg, "--log-level", "warn"}, extra...))
		root.SetOut(out)
		root.SetErr(&errOut)
		done <- root.ExecuteContext(ctx)
	}()
	var once sync.Once
	var err error
	stop = func() error {
		once.Do(func() {
			cancel()
			select {
			case err = <-done:
			case <-time.After(30 * time.Second):
				err = fmt.Errorf("steward serve did not stop within 30 s")
			}
			if err != nil {
				err = fmt.Errorf("%w\n%s", err, errOut.String())
			}
		})
		return err
	}
	t.Cleanup(func() { _ = stop() })
	return stop, out
}

// freeLoopbackAddr returns a loopback address with a port nothing listens
// on now (the OIDC redirect needs the console's URL before it starts),
// below the ephemeral range (see freePorts).
func freeLoopbackAddr(t *testing.T) string {
	t.Helper()
	return freePorts(t, 1)
}

// waitHealthy polls /healthz until it answers 200, for at most 15 s.
func waitHealthy(t *testing.T, base string) {
	t.Helper()
	waitFor200(t, base+"/healthz")
}

// waitFor200 polls url until it answers 200, for at most 15 s.
func waitFor200(t *testing.T, url string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(20 * time.Millisecond) // polling a server starting in another goroutine
	}
	t.Fatalf("steward serve did not answer 200 at %s within 15 s", url)
}

// login logs a person in through the identity provider (the login page's
// button) with the given groups, and checks who the console says they are.
func (e *consoleEnv) login(t *testing.T, email string, groups ...string) *person {
	t.Helper()
	e.idp.QueueUser(&mockoidc.MockUser{Subject: "sub-" + email, Email: email, EmailVerified: true, Groups: groups})
	p := newPerson(t, e.base)
	if st := p.open("/review"); st != http.StatusOK || !strings.HasPrefix(p.location(), "/login") {
		t.Fatalf("an anonymous visit to /review: %d at %s; want the login page", st, p.location())
	}
	if st := p.submit(`a[href^="/login/oidc"]`); st != http.StatusOK {
		t.Fatalf("log in %s: status %d at %s", email, st, p.location())
	}
	if who := p.text(".who .name"); who != email {
		t.Fatalf("logged in as %q, want %s (page %s)", who, email, p.location())
	}
	return p
}

func writeSecret(t *testing.T, path, v string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(v+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
}
