package main

import (
	"context"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/sandbox"
)

// TestSandboxStateSurvivesSIGTERM: steward sandbox --state saves the writes
// made to it when stopped by SIGTERM, and serves them again from that folder;
// --products or --seed that contradict the saved state are refused.
func TestSandboxStateSurvivesSIGTERM(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the binary")
	}
	t.Parallel() // the signal goes to this test's own child process
	bin := failpointBinary(t)
	dir := t.TempDir()
	addr := freePorts(t, len(emulatorNames()))
	var out lockedBuffer
	cmd := exec.Command(bin, "sandbox", "--listen", addr, "--state", dir, "--products", "20", "--seed", "2", "--log-level", "error")
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	waitFor(t, func() bool { return strings.Contains(out.String(), "Ctrl-C") })
	patch(t, "http://"+addr, "SKU-0000003", `{"name":[{"locale":"en_US","scope":null,"data":"Renamed before the stop"}]}`)
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if err := cmd.Wait(); err != nil || !strings.Contains(out.String(), "state saved:") {
		t.Fatalf("sandbox after SIGTERM: %v\n%s", err, out.String())
	}
	st, err := sandbox.ReadState(dir)
	if err != nil || st == nil || st.Products != 20 || st.Seed != 2 {
		t.Fatalf("saved state: %+v, %v", st, err)
	}
	sb, err := runSandbox(sandbox.Options{State: st})
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(t.Context()), 5*time.Second)
		defer cancel()
		_ = sb.Close(ctx)
	}()
	if v, _ := sb.Akeneo.Value("SKU-0000003", "name"); v != "Renamed before the stop" {
		t.Errorf("the reloaded PIM holds name %v", v)
	}
	for _, c := range []struct{ flag, val, want string }{{"--products", "21", "20 products"}, {"--seed", "5", "seed 2"}} {
		_, msg, code := stewardErr(t, "sandbox", "--listen", "127.0.0.1:0", "--state", dir, c.flag, c.val)
		if code != 2 || !strings.Contains(msg, c.flag+" "+c.val) || !strings.Contains(msg, c.want) {
			t.Errorf("sandbox %s %s against a saved state: exit %d, %q", c.flag, c.val, code, msg)
		}
	}
}
