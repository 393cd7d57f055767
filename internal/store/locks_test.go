package store

import (
	"errors"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// waitZombie waits until pid has exited but is not reaped (state Z).
func waitZombie(t *testing.T, pid int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		if err != nil {
			t.Skip("no /proc here")
		}
		s := string(b)
		if f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:]); len(f) > 0 && f[0] == "Z" {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("pid %d never became a zombie", pid)
}

func TestLockOfZombieHolderIsTakenOver(t *testing.T) {
	s := open(t)
	ctx := t.Context()
	if _, err := s.BeginRun(ctx, "j", TriggerManual); err != nil {
		t.Fatal(err)
	}
	// A holder that was killed but not yet reaped by its parent.
	child := exec.Command("true")
	if err := child.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { child.Wait() })
	waitZombie(t, child.Process.Pid)
	if _, err := s.db.Exec(`UPDATE locks SET pid = ? WHERE job = 'j'`, child.Process.Pid); err != nil {
		t.Fatal(err)
	}
	if _, err := s.BeginRun(ctx, "j", TriggerManual); err != nil {
		t.Fatalf("lock of a zombie holder not taken over: %v", err)
	}
}

func TestLockOfReusedPIDIsTakenOver(t *testing.T) {
	s := open(t)
	ctx := t.Context()
	if _, err := s.BeginRun(ctx, "j", TriggerManual); err != nil {
		t.Fatal(err)
	}
	live := exec.Command("sleep", "60")
	if err := live.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { live.Process.Kill(); live.Wait() })
	start, err := processStart(live.Process.Pid)
	if err != nil {
		t.Skipf("no process start time here: %v", err)
	}
	// The live process that really took the lock still holds it.
	if _, err := s.db.Exec(`UPDATE locks SET pid = ?, pid_start = ? WHERE job = 'j'`, live.Process.Pid, start); err != nil {
		t.Fatal(err)
	}
	if _, err := s.BeginRun(ctx, "j", TriggerManual); err == nil {
		t.Fatal("a live holder's lock was taken over")
	}
	// The same pid with another start time is another process: the holder is gone.
	if _, err := s.db.Exec(`UPDATE locks SET pid_start = ? WHERE job = 'j'`, start-100); err != nil {
		t.Fatal(err)
	}
	if _, err := s.BeginRun(ctx, "j", TriggerManual); err != nil {
		t.Fatalf("lock of a reused pid not taken over: %v", err)
	}
}

// TestResetWaitsForTheRunningJob: a reset while a live run holds the job
// would be undone by that run's next cursor commit; it is refused, naming the
// run, and works once the run has ended.
func TestResetWaitsForTheRunningJob(t *testing.T) {
	s := open(t)
	ctx := t.Context()
	id, err := s.BeginRun(ctx, "j", TriggerManual)
	if err != nil {
		t.Fatal(err)
	}
	var le *LockError
	if _, err := s.ResetState(ctx, "j"); !errors.As(err, &le) {
		t.Fatalf("reset while run %d holds the job: %v, want a LockError", id, err)
	}
	if _, err := s.ResetStream(ctx, "j", "live"); !errors.As(err, &le) {
		t.Fatalf("stream reset while run %d holds the job: %v, want a LockError", id, err)
	}
	if err := s.FinishRun(ctx, id, StatusSucceeded, ""); err != nil {
		t.Fatal(err)
	}
	if err := s.ReleaseLock(ctx, "j", id); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ResetState(ctx, "j"); err != nil {
		t.Fatalf("reset after the run ended: %v", err)
	}
}
