package atomicfile

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
)

func TestRemoveStaleRemovesOnlyOurDeadTempFiles(t *testing.T) {
	dir := t.TempDir()
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Fatal(err)
	}
	gone := strconv.Itoa(dead.Process.Pid)
	own := strconv.Itoa(os.Getpid())
	stale := []string{
		".prices-run000003.parquet.123456789.tmp",       // left by a kill (older naming)
		".prices-run000004.parquet." + gone + "-42.tmp", // its writer is gone
		".quality-7.html." + gone + "-1337.tmp",         // a report's
	}
	keep := []string{
		"prices-run000002.parquet",                    // published
		".prices-run000005.parquet." + own + "-7.tmp", // being written by this process
		"notes.tmp", ".hidden.tmp", ".x.parquet.abc.tmp", // not our naming
		".prices.parquet.12.tmp.bak",
	}
	for _, name := range append(slices.Clone(stale), keep...) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	removed, err := RemoveStale(dir)
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(removed)
	want := make([]string, len(stale))
	for i, n := range stale {
		want[i] = filepath.Join(dir, n)
	}
	slices.Sort(want)
	if !slices.Equal(removed, want) {
		t.Errorf("removed %v, want %v", removed, want)
	}
	for _, name := range keep {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s was removed: %v", name, err)
		}
	}
	if removed, err := RemoveStale(filepath.Join(dir, "missing")); err != nil || len(removed) != 0 {
		t.Errorf("a missing folder: %v %v", removed, err)
	}
}

func TestTempNameCarriesThePID(t *testing.T) {
	dir := t.TempDir()
	var name string
	err := Write(filepath.Join(dir, "a.parquet"), func(f *os.File) error { name = filepath.Base(f.Name()); return nil })
	if err != nil {
		t.Fatal(err)
	}
	pid, ok := tempPID(name)
	if !ok || pid != os.Getpid() {
		t.Errorf("temp name %s does not carry pid %d", name, os.Getpid())
	}
}
