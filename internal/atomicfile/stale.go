package atomicfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// tempPattern names a temporary file: ".<name>.<pid>-<random>.tmp", so a
// later run can tell whose it is.
func tempPattern(path string) string {
	return "." + filepath.Base(path) + "." + strconv.Itoa(os.Getpid()) + "-*.tmp"
}

// ourTemp reports whether name is a temporary file of Write's naming, and the
// pid of its writer (0 for the older ".<name>.<random>.tmp", which has none).
func ourTemp(name string) (pid int, ok bool) {
	s, ok := strings.CutSuffix(name, ".tmp")
	if !ok || !strings.HasPrefix(s, ".") {
		return 0, false
	}
	i := strings.LastIndexByte(s, '.')
	if i <= 1 {
		return 0, false
	}
	tail := s[i+1:]
	p, random, withPID := strings.Cut(tail, "-")
	if !withPID {
		return 0, digits(tail)
	}
	if !digits(p) || !digits(random) {
		return 0, false
	}
	pid, err := strconv.Atoi(p)
	return pid, err == nil && pid > 0
}

// tempPID returns the writer's pid recorded in a temporary file's name.
func tempPID(name string) (int, bool) {
	pid, ok := ourTemp(name)
	return pid, ok && pid > 0
}

func digits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// RemoveStale removes the temporary files Write left in dir when its process
// was killed mid-write: files of Write's own naming whose writer is no longer
// running (or, in the older naming without a pid, any). Other files, and
// temporary files of live writers (this process included), are left alone. A
// missing dir has nothing to remove. It returns the paths removed.
func RemoveStale(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("remove stale temporary files in %s: %w", dir, err)
	}
	var removed []string
	for _, e := range entries {
		pid, ours := ourTemp(e.Name())
		if !ours || !e.Type().IsRegular() || (pid > 0 && running(pid)) {
			continue
		}
		path := filepath.Join(dir, e.Name())
		if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return removed, fmt.Errorf("remove stale temporary file: %w", err)
		}
		removed = append(removed, path)
	}
	return removed, nil
}

func running(pid int) bool {
	if pid == os.Getpid() {
		return true
	}
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
