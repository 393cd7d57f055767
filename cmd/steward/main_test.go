package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
)

// TestMain starts building the binary with failpoints before the first test
// when the whole package runs: the tests that run the binary (crash, signal,
// lock) then find it built instead of holding their slots while it builds.
// A run of selected tests (-run) builds it only if one of them asks.
func TestMain(m *testing.M) {
	flag.Parse()
	setConsoleToken()
	prebuild := !testing.Short() && flag.Lookup("test.run").Value.String() == "" && flag.Lookup("test.list").Value.String() == ""
	built := make(chan struct{})
	if prebuild {
		go func() {
			defer close(built)
			buildFailpointBinary()
		}()
	}
	code := m.Run()
	stopChromium()
	if prebuild {
		<-built
	}
	if binPath != "" {
		_ = os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}

// setConsoleToken gives the sandbox config's ${STEWARD_CONSOLE_TOKEN} a
// value: the commands other than serve do without it, but tests that load the
// config with config.Load (every section, as the library does) need it.
func setConsoleToken() {
	if os.Getenv("STEWARD_CONSOLE_TOKEN") == "" {
		_ = os.Setenv("STEWARD_CONSOLE_TOKEN", "test-console-token-0123456789abcdef")
	}
}

var (
	buildOnce sync.Once
	binPath   string
	buildErr  error
)

// buildFailpointBinary builds the binary with failpoints once per test
// process; TestMain may start it early, in the background.
func buildFailpointBinary() {
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "steward-crash")
		if err != nil {
			buildErr = err
			return
		}
		binPath = filepath.Join(dir, "steward")
		out, err := exec.Command("go", "build", "-tags", "failpoints", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("build with failpoints: %v\n%s", err, out)
		}
	})
}

func failpointBinary(t *testing.T) string {
	t.Helper()
	buildFailpointBinary()
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binPath
}
