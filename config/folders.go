package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// CheckFolders reports state, snapshot and report folders that steward could
// not write: a folder that exists must accept a new file, and one that does
// not must be creatable under its nearest existing parent. An existing state
// database must open for writing. It creates and removes a probe file, so
// only validate calls it, never a plain Load.
func (f *File) CheckFolders() Problems {
	var ps Problems
	check := func(path, dir, what string) bool {
		err := writableDir(dir)
		if err != nil {
			ps = append(ps, f.Problem(path, fmt.Sprintf("%s folder %s: %v", what, dir, err), "create it, or point this key at a folder steward may write"))
		}
		return err == nil
	}
	if db := f.Staging.SQLite; db != "" && check("staging.sqlite", filepath.Dir(db), "state") {
		if err := writableFile(db); err != nil {
			ps = append(ps, f.Problem("staging.sqlite", fmt.Sprintf("state database %s: %v", db, err), "make the file writable for the user steward runs as"))
		}
	}
	if d := f.Staging.ParquetDir; d != "" {
		check("staging.parquet_dir", d, "snapshot")
	}
	if d := f.Staging.ReportDir; d != "" {
		check("staging.report_dir", d, "report")
	}
	return ps
}

// writableDir checks that dir, or its nearest existing parent when dir does
// not exist yet, accepts a new file.
func writableDir(dir string) error {
	at := dir
	for {
		st, err := os.Stat(at)
		if err == nil && !st.IsDir() {
			return fmt.Errorf("%s is not a folder", at)
		}
		if err == nil {
			break
		}
		parent := filepath.Dir(at)
		// ENOTDIR: a parent is a file; going up finds and names it.
		if !errors.Is(err, fs.ErrNotExist) && !errors.Is(err, syscall.ENOTDIR) || parent == at {
			return unwrapPathErr(err)
		}
		at = parent
	}
	probe, err := os.CreateTemp(at, ".steward-validate-*")
	if err != nil {
		return fmt.Errorf("cannot write in %s: %v", at, unwrapPathErr(err))
	}
	probe.Close()
	return os.Remove(probe.Name())
}

// writableFile checks that an existing file opens for writing; a missing
// file is fine (it will be created).
func writableFile(path string) error {
	fh, err := os.OpenFile(path, os.O_WRONLY, 0)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return unwrapPathErr(err)
	}
	return fh.Close()
}
