package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/sandbox"
	pimcoresb "github.com/stewardhq/steward/internal/sandbox/pimcore"
	"github.com/stewardhq/steward/internal/store"
)

// TestDemoStartsCleanAndContinues: the demo ends by printing the sandbox
// command that serves its data where its config points; with that sandbox up,
// run and drafts push work on the demo's state. A second demo in the same
// folder starts clean (the same "before" figures, drafts proposed again), and
// a folder holding someone else's files is refused.
func TestDemoStartsCleanAndContinues(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	addr := freePorts(t, len(emulatorNames()))
	args := []string{"demo", "--dir", dir, "--products", "300", "--seed", "3", "--generator", "template", "--sandbox-listen", addr}
	first, code := steward(t, args...)
	if code != 0 {
		t.Fatalf("demo exited %d:\n%s", code, first)
	}
	want := "steward sandbox --listen " + addr + " --state " + filepath.Join(dir, "sandbox")
	if !strings.Contains(first, want) {
		t.Fatalf("the demo does not say how to continue (%q):\n%s", want, first)
	}
	cfg := filepath.Join(dir, "steward.yaml")
	raw, _ := os.ReadFile(cfg)
	later, _ := fixedSandbox(addr)
	if pim := later.URL(pimcoresb.Name); !strings.Contains(string(raw), "base_url: "+pim+"\n") {
		t.Fatalf("the demo's config does not point at the continuing sandbox's Pimcore %s:\n%s", pim, raw)
	}
	_, stop := serveAsPrinted(t, continueCommand(t, first))
	if out, code := steward(t, "run", "prices", "products", "--config", cfg); code != 0 {
		t.Fatalf("run after the demo exited %d:\n%s", code, out)
	}
	if out, code := steward(t, "drafts", "approve", "--all", "--kind", "correction", "--reviewer", "ana", "--config", cfg); code != 0 {
		t.Fatalf("approve after the demo exited %d:\n%s", code, out)
	}
	if out, code := steward(t, "drafts", "push", "--all", "--config", cfg); code != 0 || !regexp.MustCompile(`: [1-9][0-9]* pushed, 0 rejected`).MatchString(out) {
		t.Fatalf("push after the demo exited %d:\n%s", code, out)
	}
	stop()
	second, code := steward(t, args...)
	if code != 0 || !strings.Contains(second, "starting clean") {
		t.Fatalf("second demo in the same folder (exit %d):\n%s", code, second)
	}
	for _, label := range []string{"quality before:", "proposed:"} {
		if a, b := lineWith(first, label), lineWith(second, label); a == "" || a != b {
			t.Errorf("second demo %q differs from the first:\n%s\n%s", label, b, a)
		}
	}
	if strings.Contains(lineWith(second, "proposed:"), " 0 description drafts") {
		t.Errorf("the second demo proposed no drafts: it reused the old state")
	}
	foreign := t.TempDir()
	if err := os.WriteFile(filepath.Join(foreign, "notes.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, msg, code := stewardErr(t, "demo", "--dir", foreign, "--products", "10"); code != 2 || !strings.Contains(msg, "notes.txt") {
		t.Errorf("demo into a folder with other files: exit %d, %q; want 2 naming notes.txt", code, msg)
	}
	if _, err := os.Stat(filepath.Join(foreign, "notes.txt")); err != nil {
		t.Errorf("the refused demo touched the folder: %v", err)
	}
	// A folder a standalone sandbox wrote its config into holds the same
	// file names, and someone's state: it is not the demo's to wipe.
	sb, err := runSandbox(sandbox.Options{Products: 10})
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close(context.WithoutCancel(t.Context()))
	work := t.TempDir()
	if _, err := sb.WriteConfig(work, sandbox.ConfigOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(work, "state"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(work, "state", "steward.db"), []byte("someone's runs"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, code := stewardErr(t, "demo", "--dir", work, "--products", "10"); code != 2 {
		t.Errorf("demo into a sandbox --write-config folder: exit %d, want 2", code)
	}
	if _, err := os.Stat(filepath.Join(work, "state", "steward.db")); err != nil {
		t.Errorf("the demo removed the state of a folder it did not write: %v", err)
	}
}

func lineWith(out, prefix string) string {
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, prefix) {
			return l
		}
	}
	return ""
}

// TestDemoContinuesWithTheSameData: the sandbox command the demo prints serves
// the data the demo left behind. After demo --approve-all, a products run
// against it scores the demo's "after" figure (not the "before" one), and the
// PIM holds the pushed descriptions; stopping the sandbox saves its state.
func TestDemoContinuesWithTheSameData(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	addr := freePorts(t, len(emulatorNames()))
	out, code := steward(t, "demo", "--dir", dir, "--products", "300", "--seed", "3", "--generator", "template",
		"--approve-all", "--sandbox-listen", addr, "--pim", "akeneo")
	if code != 0 {
		t.Fatalf("demo exited %d:\n%s", code, out)
	}
	before, after := lineWith(out, "quality before:"), lineWith(out, "quality after:")
	if strings.Contains(out, "are not kept") {
		t.Errorf("the demo still says its writes are not kept:\n%s", out)
	}
	printed := continueCommand(t, out)
	sbOut, stop := serveAsPrinted(t, printed)
	cfg := filepath.Join(dir, "steward.yaml")
	// Read the whole PIM again, not only what changed since the demo's last run.
	if resetOut, code := steward(t, "state", "reset", "products", "--yes", "--config", cfg); code != 0 {
		t.Fatalf("state reset after the demo exited %d:\n%s", code, resetOut)
	}
	if runOut, code := steward(t, "run", "products", "--config", cfg); code != 0 {
		t.Fatalf("run after the demo exited %d:\n%s", code, runOut)
	}
	st, err := store.Open(t.Context(), filepath.Join(dir, "state", "steward.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	q, ok, err := st.LatestQualityRun(t.Context())
	if err != nil || !ok || q.RunID != lastRun(t, cfg, "products").ID {
		t.Fatalf("no quality check in the run after the demo (%v)", err)
	}
	got := fmt.Sprintf("%.1f %% (%d / %d ", q.Score, q.Passing, q.Checked)
	if !strings.Contains(after, got) || strings.Contains(before, got) {
		t.Errorf("the continued sandbox scores %q; want the demo's after figure:\n%s\n%s", got, before, after)
	}
	pushed, err := st.Drafts(t.Context(), store.DraftFilter{Kind: store.DraftDescription, Status: store.DraftPushed})
	if err != nil || len(pushed) == 0 {
		t.Fatalf("no pushed description drafts after demo --approve-all (%v)", err)
	}
	tok := akeneoToken(t, "http://"+addr)
	for _, d := range pushed[:min(len(pushed), 5)] {
		var want string
		if err := json.Unmarshal([]byte(d.Value), &want); err != nil {
			t.Fatalf("draft %d value %s: %v", d.ID, d.Value, err)
		}
		if desc := pimDescription(t, "http://"+addr, tok, d.ProductKey); desc != want {
			t.Errorf("the continued PIM holds description %q for %s; the demo pushed %q", desc, d.SKU, want)
		}
	}
	if logs := stop(); !strings.Contains(logs, "saved") {
		t.Errorf("the sandbox did not say it saved its state on stop:\n%s\n%s", logs, sbOut)
	}
}

// continueCommand returns the arguments of the steward sandbox command the
// demo printed.
func continueCommand(t *testing.T, out string) []string {
	t.Helper()
	for _, l := range strings.Split(out, "\n") {
		if f := strings.Fields(l); len(f) > 2 && f[0] == "steward" && f[1] == "sandbox" {
			return f[1:]
		}
	}
	t.Fatalf("the demo prints no steward sandbox command:\n%s", out)
	return nil
}

// serveAsPrinted runs the steward sandbox command in-process until stop,
// which interrupts it as Ctrl-C would and returns its output.
func serveAsPrinted(t *testing.T, args []string) (string, func() string) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	var out lockedBuffer
	root := newRoot()
	root.SetArgs(append(args, "--log-level", "warn"))
	root.SetOut(&out)
	root.SetErr(&out)
	done := make(chan error, 1)
	go func() { done <- root.ExecuteContext(ctx) }()
	deadline := time.Now().Add(30 * time.Second)
	for !strings.Contains(out.String(), "Ctrl-C") {
		select {
		case err := <-done:
			cancel()
			t.Fatalf("steward %s ended early: %v\n%s", strings.Join(args, " "), err, out.String())
		case <-time.After(10 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("steward %s did not come up:\n%s", strings.Join(args, " "), out.String())
		}
	}
	stopped := false
	stop := func() string {
		if !stopped {
			stopped = true
			cancel()
			if err := <-done; err != nil {
				t.Errorf("steward %s: %v", strings.Join(args, " "), err)
			}
		}
		return out.String()
	}
	t.Cleanup(func() { stop() })
	return out.String(), stop
}

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func akeneoToken(t *testing.T, base string) string {
	t.Helper()
	form := "grant_type=password&username=" + sandboxUser() + "&password=" + sandboxPassword()
	req, _ := http.NewRequest(http.MethodPost, base+"/api/oauth/v1/token", strings.NewReader(form))
	req.SetBasicAuth(akeneoCredentials.ClientID, akeneoCredentials.Secret)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || tok.AccessToken == "" {
		t.Fatalf("no PIM token (%s): %v", resp.Status, err)
	}
	return tok.AccessToken
}

// pimDescription reads a product's description from the PIM's API.
func pimDescription(t *testing.T, base, tok, uuid string) string {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+"/api/rest/v1/products-uuid/"+uuid, nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var p struct {
		Values map[string][]struct {
			Data any `json:"data"`
		} `json:"values"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&p); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("get product %s: %s, %v", uuid, resp.Status, err)
	}
	if d := p.Values["description"]; len(d) > 0 {
		s, _ := d[0].Data.(string)
		return s
	}
	return ""
}
