package main

import (
	"math/rand/v2"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// handedOut keeps the first ports freePorts gave to this test process, so
// two tests running side by side never get overlapping runs.
var handedOut struct {
	sync.Mutex
	firsts []int
}

// freePorts finds n consecutive free loopback ports and returns the first as
// host:port. The test closes them again and a child process binds them
// later, so they are taken below the kernel's ephemeral range
// (ip_local_port_range): a port from that range can meanwhile become the
// source port of any connection on the machine, and the child's bind would
// fail with "address already in use".
func freePorts(t *testing.T, n int) string {
	t.Helper()
	low := ephemeralLow()
	for range 200 {
		first := 10000 + rand.IntN(low-10000-n)
		if !reserve(first, n) {
			continue
		}
		if bindable(first, n) {
			return "127.0.0.1:" + strconv.Itoa(first)
		}
	}
	t.Fatal("no run of free ports below the ephemeral range")
	return ""
}

// reserve records a run of n ports from first unless it overlaps one
// already handed out.
func reserve(first, n int) bool {
	handedOut.Lock()
	defer handedOut.Unlock()
	for _, f := range handedOut.firsts {
		if first < f+n && f < first+n {
			return false
		}
	}
	handedOut.firsts = append(handedOut.firsts, first)
	return true
}

// bindable reports whether every port of the run can be listened on now.
func bindable(first, n int) bool {
	var lns []net.Listener
	defer func() {
		for _, l := range lns {
			l.Close()
		}
	}()
	for k := range n {
		l, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(first+k))
		if err != nil {
			return false
		}
		lns = append(lns, l)
	}
	return true
}

// ephemeralLow is the lowest port the kernel hands out on its own (32768,
// Linux's default, where the setting cannot be read).
func ephemeralLow() int {
	raw, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range")
	if err != nil {
		return 32768
	}
	f := strings.Fields(string(raw))
	if len(f) == 0 {
		return 32768
	}
	low, err := strconv.Atoi(f[0])
	if err != nil || low < 12000 {
		return 32768
	}
	return low
}
