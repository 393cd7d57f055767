package main

import (
	"flag"
	"strconv"
	"sync"
	"testing"
)

// slots bounds how many crash subtests of one kind run at once.
type slots chan struct{}

// crashSlots returns slots as many as -parallel allows (GOMAXPROCS by
// default).
func crashSlots() slots {
	n := 1
	if f := flag.Lookup("test.parallel"); f != nil {
		n, _ = strconv.Atoi(f.Value.String())
	}
	return make(slots, max(n, 1))
}

// runAtOnce runs run(t, i) as the subtest names[i], each from its own
// goroutine while it holds one of s, and returns when every one has ended.
// The crash tests run their sources and kill cases this way, not as
// parallel subtests: those would wait behind every other test of the
// package, and the crash runs, which mostly wait on child processes, would
// end the package's run alone instead of overlapping the tests that use the
// CPU.
func runAtOnce(t *testing.T, s slots, names []string, run func(t *testing.T, i int)) {
	t.Helper()
	var wg sync.WaitGroup
	for i, name := range names {
		s <- struct{}{}
		wg.Go(func() {
			defer func() { <-s }()
			t.Run(name, func(t *testing.T) { run(t, i) })
		})
	}
	wg.Wait()
}
