package main

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/sandbox"
)

// TestDemoStartsCleanAndContinues: the demo ends by printing the sandbox
// command that serves its data where its config points; with that sandbox up,
// run and drafts push work on the demo's state. A second demo in the same
// folder starts clean (the same "before" figures, drafts proposed again), and
// a folder holding someone else's files is refused.
func TestDemoStartsCleanAndContinues(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	addr := freePorts(t, 3)
	args := []string{"demo", "--dir", dir, "--products", "300", "--seed", "3", "--generator", "template", "--sandbox-listen", addr}
	first, code := steward(t, args...)
	if code != 0 {
		t.Fatalf("demo exited %d:\n%s", code, first)
	}
	want := "steward sandbox --listen " + addr + " --products 300 --seed 3"
	if !strings.Contains(first, want) {
		t.Fatalf("the demo does not say how to continue (%q):\n%s", want, first)
	}
	cfg := filepath.Join(dir, "steward.yaml")
	raw, _ := os.ReadFile(cfg)
	if !strings.Contains(string(raw), "base_url: http://"+addr+"\n") {
		t.Fatalf("the demo's config does not point at %s:\n%s", addr, raw)
	}
	sb, err := sandbox.Start(sandbox.Options{Listen: addr, Products: 300, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(t.Context()), 5*time.Second)
		defer cancel()
		_ = sb.Close(ctx)
	}()
	if out, code := steward(t, "run", "prices", "products", "--config", cfg); code != 0 {
		t.Fatalf("run after the demo exited %d:\n%s", code, out)
	}
	if out, code := steward(t, "drafts", "approve", "--all", "--kind", "correction", "--reviewer", "ana", "--config", cfg); code != 0 {
		t.Fatalf("approve after the demo exited %d:\n%s", code, out)
	}
	if out, code := steward(t, "drafts", "push", "--all", "--config", cfg); code != 0 || len(sb.Akeneo.Writes()) == 0 {
		t.Fatalf("push after the demo exited %d, %d PIM writes:\n%s", code, len(sb.Akeneo.Writes()), out)
	}
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
}

func lineWith(out, prefix string) string {
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, prefix) {
			return l
		}
	}
	return ""
}

// freePorts finds n consecutive free loopback ports and returns the first as
// host:port.
func freePorts(t *testing.T, n int) string {
	t.Helper()
	for range 50 {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := ln.Addr().(*net.TCPAddr).Port
		lns := []net.Listener{ln}
		for k := 1; k < n; k++ {
			if l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port+k)); err == nil {
				lns = append(lns, l)
			}
		}
		for _, l := range lns {
			l.Close()
		}
		if len(lns) == n {
			return "127.0.0.1:" + strconv.Itoa(port)
		}
	}
	t.Fatal("no run of free ports")
	return ""
}
