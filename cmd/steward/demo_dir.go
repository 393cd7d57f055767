package main

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/stewardhq/steward/internal/sandbox"
)

// demoSandboxDir is the folder in a demo's --dir that holds its sandbox's
// saved data.
const demoSandboxDir = "sandbox"

// demoMarkerFile is written by every demo into its --dir; it tells an
// earlier demo's folder from someone else's (steward sandbox --write-config
// writes the same config files, and that folder's state is not the demo's to
// delete).
const demoMarkerFile = ".steward-demo"

// demoEntries are the files and folders a demo writes into its --dir.
var demoEntries = []string{demoMarkerFile, "steward.yaml", "rules.yaml", "secrets", "state", "reports", demoSandboxDir}

// cleanDemoDir makes dir ready for a fresh demo. A demo always starts clean:
// an earlier demo's files in dir are removed (its state would otherwise meet a
// fresh sandbox). A folder holding anything a demo did not write is refused,
// so that nothing of anyone else's is ever deleted. It reports whether an
// earlier demo was removed.
func cleanDemoDir(dir string) (bool, error) {
	es, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && len(es) == 0) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("demo: read --dir: %w", err)
	}
	var foreign []string
	for _, e := range es {
		if !slices.Contains(demoEntries, e.Name()) {
			foreign = append(foreign, e.Name())
		}
	}
	if _, err := os.Stat(filepath.Join(dir, demoMarkerFile)); len(foreign) > 0 || err != nil {
		if len(foreign) == 0 {
			foreign = []string{"no " + demoMarkerFile + ": not written by a demo"}
		}
		return false, usage("demo: --dir %s holds files a demo did not write (%s); pick a new or empty folder, e.g. --dir ./steward-demo-2",
			dir, strings.Join(foreign, ", "))
	}
	for _, name := range demoEntries {
		if err := os.RemoveAll(filepath.Join(dir, name)); err != nil {
			return false, fmt.Errorf("demo: remove the earlier demo's %s: %w", name, err)
		}
	}
	return true, nil
}

// markDemoDir writes the marker that makes dir a demo's own.
func markDemoDir(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("demo: create --dir: %w", err)
	}
	body := "This folder was written by steward demo; the next demo in it removes its files.\n"
	if err := os.WriteFile(filepath.Join(dir, demoMarkerFile), []byte(body), 0o644); err != nil {
		return fmt.Errorf("demo: mark --dir: %w", err)
	}
	return nil
}

// fixedSandbox describes the sandbox a user starts after the demo with
// steward sandbox --listen addr: its emulators on addr's port and the
// following ones, in the order sandbox.Start places them, looked up by name.
func fixedSandbox(addr string) (*sandboxSystems, error) {
	names := emulatorNames()
	host, ps, err := net.SplitHostPort(addr)
	port, perr := strconv.Atoi(ps)
	if err != nil || perr != nil || port <= 0 || port > 65536-len(names) {
		return nil, usage("--sandbox-listen %q: want host:port with a fixed port, e.g. 127.0.0.1:8700", addr)
	}
	s := &sandboxSystems{urls: map[string]string{}}
	for k, name := range names {
		s.urls[name] = "http://" + net.JoinHostPort(host, strconv.Itoa(port+k))
	}
	s.setURLs()
	return s, nil
}

// handOver leaves the demo's folder ready for the sandbox that continues it:
// the config pointing at that sandbox and the demo sandbox's data saved.
type handOver struct {
	dir       string
	cfg       sandbox.ConfigOptions
	sb, later *sandboxSystems
	done      bool
}

func (h *handOver) stateDir() string { return filepath.Join(h.dir, demoSandboxDir) }

// do hands over once; later calls do nothing.
func (h *handOver) do() error {
	if h.done {
		return nil
	}
	h.done = true
	if _, err := h.later.WriteConfig(h.dir, h.cfg); err != nil {
		return err
	}
	return h.sb.SaveState(h.stateDir())
}

// shellQuote quotes s for a POSIX shell when it needs it.
func shellQuote(s string) string {
	if s != "" && !strings.ContainsAny(s, " \t\n'\"\\$`!*?[](){}<>|&;#~") {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
