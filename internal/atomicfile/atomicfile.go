// Package atomicfile publishes files whole or not at all: written under a
// temporary name in the target folder, synced, renamed, and the folder synced.
package atomicfile

import (
	"fmt"
	"os"
	"path/filepath"
)

// Write creates path by calling fill on a temporary file beside it (named
// ".<name>.<pid>-<random>.tmp", see RemoveStale). Nothing
// appears at path unless fill succeeds and the data is on disk; on failure the
// temporary file is removed.
func Write(path string, fill func(*os.File) error) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, tempPattern(path))
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	err = fill(tmp)
	if err == nil {
		err = tmp.Chmod(0o644)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("write %s: sync folder: %w", path, err)
	}
	return nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
