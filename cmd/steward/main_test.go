package main

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

// TestMain starts building the binary with failpoints before the first test
// when the whole package runs: the tests that run the binary (crash, signal,
// lock) then find it built instead of holding their slots while it builds.
// A run of selected tests (-run) builds it only if one of them asks.
func TestMain(m *testing.M) {
	flag.Parse()
	prebuild := !testing.Short() && flag.Lookup("test.run").Value.String() == "" && flag.Lookup("test.list").Value.String() == ""
	built := make(chan struct{})
	if prebuild {
		go func() {
			defer close(built)
			buildFailpointBinary()
		}()
	}
	code := m.Run()
	if prebuild {
		<-built
	}
	if binPath != "" {
		_ = os.RemoveAll(filepath.Dir(binPath))
	}
	os.Exit(code)
}
