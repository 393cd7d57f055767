package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// stewardErr runs the CLI in-process and returns stdout, the error text main
// would print, and the exit code.
func stewardErr(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	root := newRoot()
	root.SetArgs(append(args, "--log-level", "warn"))
	root.SetOut(&out)
	root.SetErr(&errOut)
	root.SetIn(strings.NewReader(""))
	err := root.ExecuteContext(t.Context())
	msg := ""
	if err != nil {
		msg = err.Error()
	}
	return out.String(), msg, exitCode(err)
}

// TestExitCodesOfCommands: usage and config mistakes exit 2 with a message
// that names the thing and never shows "<nil>"; good calls exit 0.
func TestExitCodesOfCommands(t *testing.T) {
	t.Parallel()
	_, cfg := startSandbox(t, 20, 3)
	if _, code := steward(t, "run", "products", "--config", cfg); code != 0 {
		t.Fatal("the products run failed")
	}
	dir := filepath.Dir(cfg)
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"runs", "--config", filepath.Join(dir, "nope.yaml")}, 2, "STEWARD_CONFIG"},
		{[]string{"report", "--config", filepath.Join(dir, "nope.yaml")}, 2, "not found"},
		{[]string{"runs", "--config", dir}, 2, "is a folder"},
		{[]string{"run", "products", "--config", dir}, 2, "is a folder"},
		{[]string{"report", "--format", "pdf", "--config", cfg}, 2, `--format "pdf"`},
		{[]string{"report", "--run", "999999", "--config", cfg}, 2, "run 999999 has no quality check"},
		{[]string{"report", "--run", "-3", "--config", cfg}, 2, "--run -3"},
		{[]string{"runs", "--job", "nosuchjob", "--config", cfg}, 2, `--job "nosuchjob"`},
		{[]string{"runs", "--limit", "-1", "--config", cfg}, 2, "--limit -1"},
		{[]string{"state", "show", "nosuchjob", "--config", cfg}, 2, `no job "nosuchjob"`},
		{[]string{"state", "reset", "products", "--config", cfg}, 2, "--yes"},
		{[]string{"state", "reset", "products", "--stream", "nosuch", "--yes", "--config", cfg}, 2, `--stream "nosuch"`},
		{[]string{"backfill", "products", "--from", "2026-01-01", "--to", "2026-01-02", "--window", "0d", "--config", cfg}, 2, "positive"},
		{[]string{"backfill", "products", "--from", "2026-01-01", "--to", "2026-01-02", "--window", "213504d", "--config", cfg}, 2, "at most 36600d"},
		{[]string{"drafts", "show", "999999", "--config", cfg}, 2, "no draft 999999"},
		{[]string{"drafts", "list", "--status", "nosuch", "--config", cfg}, 2, `--status "nosuch": want one of pending, approved, rejected, pushed, flagged, superseded`},
		{[]string{"drafts", "list", "--kind", "nosuch", "--config", cfg}, 2, `--kind "nosuch": want one of description, correction`},
		{[]string{"drafts", "approve", "--all", "--kind", "nosuch", "--reviewer", "ana", "--config", cfg}, 2, `--kind "nosuch"`},
		{[]string{"drafts", "reject", "--all", "--kind", "nosuch", "--reviewer", "ana", "--reason", "x", "--config", cfg}, 2, `--kind "nosuch"`},
		{[]string{"drafts", "push", "--all", "--kind", "nosuch", "--config", cfg}, 2, `--kind "nosuch"`},
		{[]string{"drafts", "push", "--all", "--job", "nosuchjob", "--config", cfg}, 2, `--job "nosuchjob": no such job in`},
		{[]string{"drafts", "push", "--all", "--job", "prices", "--config", cfg}, 2, `--job "prices": no quality.drafts section`},
		{[]string{"dlq", "list", "--job", "nosuchjob", "--config", cfg}, 2, `--job "nosuchjob": no such job in`},
		{[]string{"dlq", "replay", "--job", "nosuchjob", "--config", cfg}, 2, `--job "nosuchjob"`},
		{[]string{"dlq", "discard", "--job", "nosuchjob", "--reason", "x", "--config", cfg}, 2, `--job "nosuchjob"`},
		{[]string{"runs", "--job", "nosuchjob", "--config", cfg}, 2, "want one of prices, products"},
		{[]string{"drafts", "list", "--status", "pending", "--kind", "description", "--config", cfg}, 0, ""},
		{[]string{"dlq", "list", "--job", "products", "--config", cfg}, 0, ""},
		{[]string{"runs", "--config", cfg}, 0, ""},
		{[]string{"runs", "--job", "products", "--config", cfg}, 0, ""},
		{[]string{"report", "--format", "json", "--config", cfg}, 0, ""},
		{[]string{"state", "show", "products", "--config", cfg}, 0, ""},
		{[]string{"jobs", "--config", cfg}, 0, ""},
		{[]string{"version"}, 0, ""},
		{[]string{"--version"}, 0, ""},
	} {
		t.Run(strings.Join(c.args[:min(len(c.args), 4)], " "), func(t *testing.T) {
			_, msg, code := stewardErr(t, c.args...)
			if code != c.code || !strings.Contains(msg, c.want) || strings.Contains(msg, "<nil>") {
				t.Errorf("steward %v: exit %d, error %q; want exit %d and %q", c.args, code, msg, c.code, c.want)
			}
		})
	}
	out, code := steward(t, "backfill", "products", "--from", "2026-01-01", "--to", "2026-01-03", "--window", "1d", "--dry-run", "--config", cfg)
	if code != 0 || !strings.Contains(out, "2 windows") {
		t.Errorf("backfill --window 1d over two days (exit %d):\n%s", code, out)
	}
}

// TestVersion: --version and version print the build's version and Go's.
func TestVersion(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"--version"}, {"version"}} {
		out, code := steward(t, args...)
		if code != 0 || !strings.HasPrefix(out, "steward ") || !strings.Contains(out, runtime.Version()) {
			t.Errorf("steward %v: exit %d, %q", args, code, out)
		}
	}
}

// TestReadCommandsNeedNoSecretsAndNoWrites makes the state folder read-only
// (running the binary as another user when the tests run as root) and leaves
// the LLM key unset: every read command still answers, and run refuses.
func TestReadCommandsNeedNoSecretsAndNoWrites(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("starts the binary")
	}
	bin := failpointBinary(t)
	_, cfg := startSandbox(t, 20, 4)
	if _, code := steward(t, "run", "prices", "products", "--config", cfg); code != 0 {
		t.Fatal("the runs failed")
	}
	// Move the config and its state where another user can read them.
	shared, err := os.MkdirTemp("", "steward-ro")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(shared) })
	if err := os.CopyFS(shared, os.DirFS(filepath.Dir(cfg))); err != nil {
		t.Fatal(err)
	}
	raw, _ := os.ReadFile(cfg)
	text := strings.ReplaceAll(string(raw), filepath.Dir(cfg), shared)
	text = strings.Replace(text, "token_file: "+shared+"/secrets/llm_key", "token: ${STEWARD_TEST_UNSET_LLM_KEY}", 1)
	roCfg := filepath.Join(shared, "steward.yaml")
	if err := os.WriteFile(roCfg, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	readOnly(t, shared)
	state := filepath.Join(shared, "state")
	before := listing(t, state)
	for _, args := range [][]string{
		{"runs"}, {"runs", "--json"}, {"report", "--format", "json"}, {"drafts", "list"}, {"drafts", "show", "1"},
		{"state", "show", "products"}, {"dlq", "list"}, {"jobs"},
	} {
		out, code := runAs(t, bin, append(args, "--config", roCfg)...)
		if code != 0 {
			t.Errorf("steward %v on a read-only state without the LLM key: exit %d\n%s", args, code, out)
		}
	}
	if out, code := runAs(t, bin, "run", "prices", "--config", roCfg); code != 2 || !strings.Contains(out, "STEWARD_TEST_UNSET_LLM_KEY") {
		t.Errorf("run without the LLM key: exit %d, want 2 naming the variable\n%s", code, out)
	}
	if after := listing(t, state); after != before {
		t.Errorf("read commands changed the state folder:\nbefore %s\nafter  %s", before, after)
	}
}

// listing names the files of dir with their sizes and times.
func listing(t *testing.T, dir string) string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, e := range es {
		info, err := e.Info()
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&b, "%s:%d:%d ", e.Name(), info.Size(), info.ModTime().UnixNano())
	}
	return b.String()
}
