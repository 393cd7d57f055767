package filedrop

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/stewardhq/steward/config"
)

// fakeInfo is a stat result a test controls.
type fakeInfo struct {
	fs.FileInfo
	size int64
	mod  time.Time
}

func (f fakeInfo) Size() int64        { return f.size }
func (f fakeInfo) ModTime() time.Time { return f.mod }

func write(t *testing.T, dir, name, text string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func names(files []File) []string {
	var out []string
	for _, f := range files {
		out = append(out, f.Name)
	}
	return out
}

// TestCompleteSkipsIncomplete: .part, .tmp, hidden files, markers, folders and
// names outside the pattern are never complete; with done_marker only files
// with their marker are.
func TestCompleteSkipsIncomplete(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"a.csv", "b.csv.part", "c.csv.tmp", ".d.csv", "e.txt", "f.csv", "f.csv.done"} {
		write(t, dir, n, "x\n")
	}
	if err := os.Mkdir(filepath.Join(dir, "processed"), 0o755); err != nil {
		t.Fatal(err)
	}
	d := NewFolder(Settings{Folder: dir, Pattern: "*.csv"})
	got, err := d.Complete()
	if err != nil || !slices.Equal(names(got), []string{"a.csv", "f.csv"}) {
		t.Fatalf("complete = %v, %v", names(got), err)
	}
	d.Settings.DoneMarker = true
	got, err = d.Complete()
	if err != nil || !slices.Equal(names(got), []string{"f.csv"}) {
		t.Fatalf("with done_marker: complete = %v, %v", names(got), err)
	}
}

// TestCompleteWaitsUntilStable: a file modified less than stable_for ago is
// not complete (injected clock), nor is one whose size changes while it is
// hashed (injected stat), even with an old modification time (a copy that
// keeps the source's mtime).
func TestCompleteWaitsUntilStable(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "a.csv", "x\n")
	mod := time.Date(2026, 1, 1, 10, 0, 0, 0, time.UTC)
	now := mod.Add(20 * time.Second)
	calls := 0
	growing := false
	d := &Folder{Settings: Settings{Folder: dir, Pattern: "*", StableFor: config.Duration(30 * time.Second)},
		Now: func() time.Time { return now },
		Stat: func(p string) (fs.FileInfo, error) {
			fi, err := os.Stat(p)
			calls++
			size := fi.Size()
			if growing && calls%2 == 0 {
				size += 100
			}
			return fakeInfo{FileInfo: fi, size: size, mod: mod}, err
		}}
	if got, _ := d.Complete(); len(got) != 0 {
		t.Fatalf("changed 20s ago with stable_for 30s: complete = %v", names(got))
	}
	now = mod.Add(31 * time.Second)
	if got, _ := d.Complete(); !slices.Equal(names(got), []string{"a.csv"}) {
		t.Fatalf("still for 31s: complete = %v", names(got))
	}
	growing = true
	if got, _ := d.Complete(); len(got) != 0 {
		t.Fatalf("size changed while hashing: complete = %v", names(got))
	}
}

// TestCompleteOrder: oldest modification time first, then name; each file
// carries its content hash.
func TestCompleteOrder(t *testing.T) {
	dir := t.TempDir()
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i, n := range []string{"c.csv", "b.csv", "a.csv"} {
		write(t, dir, n, n)
		mt := base.Add(time.Duration(min(i, 1)) * time.Hour) // c first; b and a tie
		if err := os.Chtimes(filepath.Join(dir, n), mt, mt); err != nil {
			t.Fatal(err)
		}
	}
	got, err := NewFolder(Settings{Folder: dir, Pattern: "*"}).Complete()
	if err != nil || !slices.Equal(names(got), []string{"c.csv", "a.csv", "b.csv"}) {
		t.Fatalf("order = %v, %v", names(got), err)
	}
	if sum := sha256.Sum256([]byte("c.csv")); got[0].Hash != hex.EncodeToString(sum[:]) {
		t.Fatalf("hash %q", got[0].Hash)
	}
}
