package main

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
)

// nobody is the user the read-only test runs the binary as when the tests
// run as root (root writes through any permission).
const nobody = 65534

// readOnly makes dir and everything below it readable but not writable (the
// secrets folder stays private), and the folders above it traversable.
func readOnly(t *testing.T, dir string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || filepath.Base(p) == "secrets" || filepath.Base(filepath.Dir(p)) == "secrets" {
			return err
		}
		if d.IsDir() {
			return os.Chmod(p, 0o555)
		}
		return os.Chmod(p, 0o444)
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err == nil && d.IsDir() {
				_ = os.Chmod(p, 0o755)
			}
			return nil
		})
	})
}

// runAs runs the binary, as nobody when the tests run as root.
func runAs(t *testing.T, bin string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "STEWARD_TEST_UNSET_LLM_KEY=")
	if os.Getuid() == 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: nobody, Gid: nobody}}
		if err := os.Chmod(bin, 0o755); err != nil {
			t.Fatal(err)
		}
		_ = os.Chmod(filepath.Dir(bin), 0o755)
	}
	out, err := cmd.CombinedOutput()
	return string(out), exitStatus(err)
}
