//go:build failpoints

package failpoint

import (
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
)

// Enabled reports whether failpoints are compiled in.
const Enabled = true

var (
	mu     sync.Mutex
	name   string
	target = -1
	count  int
)

func init() {
	spec := os.Getenv("STEWARD_FAILPOINT")
	n, at, ok := strings.Cut(spec, ":")
	if !ok {
		return
	}
	v, err := strconv.Atoi(at)
	if err != nil {
		return
	}
	name, target = n, v
}

// Hit kills the process with SIGKILL on the configured hit of the named point.
func Hit(point string) {
	mu.Lock()
	defer mu.Unlock()
	if point != name {
		return
	}
	count++
	if count == target {
		_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
		select {}
	}
}
