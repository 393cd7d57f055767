package main

import (
	"bytes"
	"context"
	"errors"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/internal/store"
)

// onLog calls fn once with the first log line holding msg; it keeps every
// line for the test to read.
type onLog struct {
	msg  string
	fn   func()
	once sync.Once
	mu   sync.Mutex
	all  bytes.Buffer
}

func (o *onLog) Write(p []byte) (int, error) {
	o.mu.Lock()
	o.all.Write(p)
	o.mu.Unlock()
	if bytes.Contains(p, []byte(o.msg)) {
		o.once.Do(o.fn)
	}
	return len(p), nil
}

func (o *onLog) String() string { o.mu.Lock(); defer o.mu.Unlock(); return o.all.String() }

// TestServeWaitsForCutHandlers: a handler blocked on the state store when
// the grace after SIGTERM ends (another connection holds the write lock)
// has its connection cut, and run returns only once the handler returned,
// so the store steward serve closes next is never closed under it. The
// lock is let go when the server says it waits for the cut handlers.
func TestServeWaitsForCutHandlers(t *testing.T) {
	st, unlock := lockedStore(t)
	logs := &onLog{msg: "waiting for their handlers", fn: unlock}
	started, done := make(chan struct{}), make(chan struct{})
	var handlerErrs []error
	mux := http.NewServeMux()
	mux.HandleFunc("POST /decide", func(_ http.ResponseWriter, r *http.Request) {
		defer close(done)
		close(started)
		// As a decision's audit record: written whatever became of the client.
		ctx := context.WithoutCancel(r.Context())
		_, err := st.DB().ExecContext(ctx, `INSERT INTO alert_marks (name, value, updated_at) VALUES ('decided', 'yes', 'now')`)
		var v string
		err2 := st.DB().GetContext(ctx, &v, `SELECT value FROM alert_marks WHERE name = 'decided'`)
		handlerErrs = append(handlerErrs, err, err2)
	})
	runErr := stopDuringRequest(t, testServer(mux, zerolog.New(logs)), "POST", "/decide", started)
	select {
	case <-done:
	default:
		t.Error("run returned while a cut handler still used the store")
	}
	unlock()
	st.Close() // as steward serve does once run returned
	<-done
	for _, err := range handlerErrs {
		if err != nil {
			t.Errorf("the handler's store call: %v", err)
		}
	}
	if runErr == nil || !strings.Contains(runErr.Error(), "stop the console") {
		t.Errorf("stop with a request cut: %v, want the stop's error", runErr)
	}
	if !strings.Contains(logs.String(), `"requests":1`) {
		t.Errorf("the cut is not logged with its count:\n%s", logs)
	}
}

// TestServeWaitForCutHandlersIsBounded: a handler that ignores its ended
// context does not hold the stop for ever: run returns after cutWait with
// errRequestsRunning (steward serve then leaves the store open) and logs
// how many still ran.
func TestServeWaitForCutHandlersIsBounded(t *testing.T) {
	started, release := make(chan struct{}), make(chan struct{})
	mux := http.NewServeMux()
	mux.HandleFunc("GET /stuck", func(http.ResponseWriter, *http.Request) {
		close(started)
		<-release
	})
	defer close(release)
	logs := &onLog{msg: "never", fn: func() {}}
	s := testServer(mux, zerolog.New(logs))
	s.cutWait = 50 * time.Millisecond
	if err := stopDuringRequest(t, s, "GET", "/stuck", started); !errors.Is(err, errRequestsRunning) {
		t.Errorf("stop with a stuck handler: %v, want errRequestsRunning", err)
	}
	if l := logs.String(); !strings.Contains(l, "handlers still running") || !strings.Contains(l, `"requests":1`) {
		t.Errorf("the stuck handler is not logged with its count:\n%s", l)
	}
}

// stopDuringRequest runs s, sends method path to it, and once the handler
// has started (started closed) stops s as SIGTERM does; it returns what run
// returned.
func stopDuringRequest(t *testing.T, s *server, method, path string, started <-chan struct{}) error {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	stopped := make(chan error, 1)
	go func() { stopped <- s.run(ctx, ln) }()
	go func() {
		req, _ := http.NewRequestWithContext(context.WithoutCancel(t.Context()), method, "http://"+ln.Addr().String()+path, nil)
		if resp, err := http.DefaultClient.Do(req); err == nil {
			resp.Body.Close()
		}
	}()
	<-started
	cancel()
	return <-stopped
}

// lockedStore opens a state store and holds its write lock on one of its
// connections until unlock.
func lockedStore(t *testing.T) (st *store.Store, unlock func()) {
	t.Helper()
	st, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "state.db"))
	if err != nil {
		t.Fatal(err)
	}
	lock, err := st.DB().Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := lock.ExecContext(t.Context(), "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	return st, func() {
		once.Do(func() {
			_, _ = lock.ExecContext(context.WithoutCancel(t.Context()), "ROLLBACK")
			lock.Close()
		})
	}
}
