package filedrop

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/stewardhq/steward/internal/atomicfile"
)

// ReasonSuffix ends the name of the file beside a rejected file that says why
// it was rejected.
const ReasonSuffix = ".reason.txt"

// MoveProcessed moves a finished file into the processed subfolder.
func (d *Folder) MoveProcessed(f File) error {
	_, err := d.move(f, d.Settings.Processed)
	return err
}

// MoveRejected moves a file that could not be read into the rejected
// subfolder and writes the reason beside it, the reason first.
func (d *Folder) MoveRejected(f File, reason string) error {
	dir := filepath.Join(d.Settings.Folder, d.Settings.Rejected)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("reject %s: %w", f.Name, err)
	}
	dest := freeName(dir, f)
	err := atomicfile.Write(filepath.Join(dir, dest+ReasonSuffix), func(w *os.File) error {
		_, err := w.WriteString(reason + "\n")
		return err
	})
	if err != nil {
		return fmt.Errorf("reject %s: %w", f.Name, err)
	}
	_, err = d.move(f, d.Settings.Rejected)
	return err
}

// move renames f into subfolder sub of the drop folder: one rename on one
// file system, so the file is either still in the drop folder or whole in
// sub. A file of the same name already there (an earlier drop with other
// bytes) is kept: the newcomer's name gains its hash.
func (d *Folder) move(f File, sub string) (string, error) {
	dir := filepath.Join(d.Settings.Folder, sub)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("move %s to %s: %w", f.Name, sub, err)
	}
	dest := filepath.Join(dir, freeName(dir, f))
	if err := os.Rename(f.Path, dest); err != nil {
		return "", fmt.Errorf("move %s to %s: %w", f.Name, sub, err)
	}
	if marker := f.Path + ".done"; d.Settings.DoneMarker {
		if err := os.Remove(marker); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("remove marker of %s: %w", f.Name, err)
		}
	}
	return dest, nil
}

// freeName is f's name in dir, or the name with the first 12 digits of its
// hash before the extension when a file of that name is already there.
func freeName(dir string, f File) string {
	if _, err := os.Lstat(filepath.Join(dir, f.Name)); errors.Is(err, fs.ErrNotExist) {
		return f.Name
	}
	ext := filepath.Ext(f.Name)
	return strings.TrimSuffix(f.Name, ext) + "." + f.Hash[:12] + ext
}
