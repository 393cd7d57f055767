package store

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

// errDiskFull is what SQLite says when a write finds no space.
var errDiskFull = errors.New("database or disk is full")

// TestDiskFullKeepsTheRunsCause checks that a run whose final record cannot
// be written (the disk is full) keeps its real cause in the history, not
// "process ended before the run finished".
func TestDiskFullKeepsTheRunsCause(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	id, err := s.BeginRun(t.Context(), "j", TriggerManual)
	if err != nil {
		t.Fatal(err)
	}
	s.failWrite = func(string) error { return errDiskFull }
	cause := "store page 3: database or disk is full"
	if err := s.FinishRun(t.Context(), id, StatusFailed, cause); err == nil {
		t.Fatal("the run record was written although the disk is full")
	}
	// The process ends; its lock goes with it.
	s.failWrite = nil
	if err := s.ReleaseLock(t.Context(), "j", id); err != nil {
		t.Fatal(err)
	}
	s.Close()
	// The next start, with space again, closes the abandoned run.
	s, err = Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	next, err := s.BeginRun(t.Context(), "j", TriggerManual)
	if err != nil {
		t.Fatal(err)
	}
	run, err := s.GetRun(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	if run.Status != StatusFailed || !strings.Contains(run.Error, cause) {
		t.Errorf("run after a disk-full failure: status %s, error %q; want failed with %q", run.Status, run.Error, cause)
	}
	if left, _ := filepath.Glob(path + ".run-*"); len(left) != 1 || left[0] != s.causePath(next) {
		t.Errorf("side files %v, want only the new run's reservation", left)
	}
}

// TestRetriedFinishKeepsTheCause: a write that fails once (space freed since)
// is retried, and a run that finishes normally leaves no side file.
func TestRetriedFinishKeepsTheCause(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	id, _ := s.BeginRun(t.Context(), "j", TriggerManual)
	fails := 1
	s.failWrite = func(string) error {
		if fails > 0 {
			fails--
			return errDiskFull
		}
		return nil
	}
	if err := s.FinishRun(t.Context(), id, StatusFailed, "boom"); err != nil {
		t.Fatalf("finish after one failure: %v", err)
	}
	if run, _ := s.GetRun(t.Context(), id); run.Status != StatusFailed || run.Error != "boom" {
		t.Errorf("run %+v", run)
	}
	if left, _ := filepath.Glob(path + ".run-*"); len(left) != 0 {
		t.Errorf("side files left: %v", left)
	}
}

// TestDiskFullInALongRunningProcess: the scheduler's process lives on after a
// run whose final record and lock release failed; its next run of the job
// writes them first instead of being refused by its own stale lock.
func TestDiskFullInALongRunningProcess(t *testing.T) {
	s := open(t)
	ctx := t.Context()
	id, err := s.BeginRun(ctx, "j", TriggerManual)
	if err != nil {
		t.Fatal(err)
	}
	s.failWrite = func(string) error { return errDiskFull }
	if err := s.FinishRun(ctx, id, StatusFailed, "commit page: database or disk is full"); err == nil {
		t.Fatal("finish succeeded on a full disk")
	}
	if err := s.ReleaseLock(ctx, "j", id); err == nil {
		t.Fatal("release succeeded on a full disk")
	}
	s.failWrite = nil // space was freed
	next, err := s.BeginRun(ctx, "j", TriggerSchedule)
	if err != nil {
		t.Fatalf("the next run of the job in the same process: %v", err)
	}
	run, _ := s.GetRun(ctx, id)
	if run.Status != StatusFailed || !strings.Contains(run.Error, "database or disk is full") {
		t.Errorf("run after a disk-full failure: %s %q", run.Status, run.Error)
	}
	if next == id {
		t.Error("the new run reused the old id")
	}
}
