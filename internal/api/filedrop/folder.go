package filedrop

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Folder is a drop folder as its settings describe it. Now and Stat are
// seams for tests (a clock and os.Stat); nothing in it sleeps.
type Folder struct {
	Settings Settings
	Now      func() time.Time
	Stat     func(name string) (fs.FileInfo, error)
}

// NewFolder returns the folder of s on the real clock and file system.
func NewFolder(s Settings) *Folder {
	return &Folder{Settings: s, Now: time.Now, Stat: os.Stat}
}

// File is a complete file in the drop folder.
type File struct {
	// Name is the file's name inside the folder.
	Name    string
	Path    string
	Size    int64
	ModTime time.Time
	// Hash is the hex SHA-256 of the file's bytes.
	Hash string
}

// Complete lists the files that are complete, in processing order: oldest
// modification time first, then by name. A file is complete when its name
// matches the pattern, it is not hidden, not a .part or .tmp file, not a
// marker, its "<name>.done" marker exists when done_marker is set, it has
// not changed for stable_for, and its size and modification time are the
// same after its bytes were hashed as before.
func (d *Folder) Complete() ([]File, error) {
	entries, err := os.ReadDir(d.Settings.Folder)
	if err != nil {
		return nil, fmt.Errorf("list drop folder: %w", err)
	}
	names := make(map[string]bool, len(entries))
	for _, e := range entries {
		names[e.Name()] = true
	}
	var files []File
	for _, e := range entries {
		if e.IsDir() || !d.candidate(e.Name(), names) {
			continue
		}
		f, ok, err := d.settle(e.Name())
		if err != nil {
			return nil, err
		}
		if ok {
			files = append(files, f)
		}
	}
	slices.SortFunc(files, func(a, b File) int {
		if c := a.ModTime.Compare(b.ModTime); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	return files, nil
}

// candidate reports whether a name may be a drop file at all.
func (d *Folder) candidate(name string, names map[string]bool) bool {
	switch {
	case strings.HasPrefix(name, "."), strings.HasSuffix(name, ".part"), strings.HasSuffix(name, ".tmp"),
		strings.HasSuffix(name, ".done"), strings.HasSuffix(name, ReasonSuffix):
		return false
	case d.Settings.DoneMarker && !names[name+".done"]:
		return false
	}
	ok, _ := path.Match(d.Settings.Pattern, name)
	return ok
}

// settle stats a file, checks it has been still for stable_for, hashes it and
// stats it again: a file still being written is not complete.
func (d *Folder) settle(name string) (File, bool, error) {
	p := filepath.Join(d.Settings.Folder, name)
	before, err := d.Stat(p)
	if err != nil || !before.Mode().IsRegular() {
		return File{}, false, nil // gone since listing, or not a plain file
	}
	if d.Now().Sub(before.ModTime()) < d.Settings.StableWait() {
		return File{}, false, nil
	}
	hash, err := HashFile(p)
	if err != nil {
		return File{}, false, err
	}
	after, err := d.Stat(p)
	if err != nil || after.Size() != before.Size() || !after.ModTime().Equal(before.ModTime()) {
		return File{}, false, nil
	}
	return File{Name: name, Path: p, Size: after.Size(), ModTime: after.ModTime().UTC(), Hash: hash}, true, nil
}

// HashFile returns the hex SHA-256 of a file's bytes.
func HashFile(p string) (string, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", fmt.Errorf("hash %s: %w", filepath.Base(p), err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("hash %s: %w", filepath.Base(p), err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
