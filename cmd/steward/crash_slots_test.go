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
// parallel subtests, which would run -parallel at a time in all: the crash
// runs mostly wait on child processes, so a source's reference run and
// another source's kill cases go on at once.
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
