package httpx

import (
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
)

// observed records what an Observer is told.
type observed struct {
	mu      sync.Mutex
	codes   []int
	retries int
	waits   []time.Duration
	systems map[string]bool
}

func (o *observed) Request(system string, code int, _ time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.codes = append(o.codes, code)
	o.systems[system] = true
}

func (o *observed) Retry(string) { o.mu.Lock(); o.retries++; o.mu.Unlock() }

func (o *observed) Wait(_ string, d time.Duration) {
	o.mu.Lock()
	o.waits = append(o.waits, d)
	o.mu.Unlock()
}

// TestObserverSeesEveryAttempt: a connection reset without an answer is
// reported as code 0, a 503 and the final 200 by their codes, with one
// retry per attempt made again; a 503's backoff is no rate-limit wait.
func TestObserverSeesEveryAttempt(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch calls.Add(1) {
		case 1:
			conn, _, _ := w.(http.Hijacker).Hijack()
			conn.(*net.TCPConn).SetLinger(0) // reset, no answer
			conn.Close()
		case 2:
			w.WriteHeader(http.StatusServiceUnavailable)
		default:
			w.Write([]byte("ok"))
		}
	}))
	defer srv.Close()
	obs := &observed{systems: map[string]bool{}}
	rec := &recorder{}
	c, err := New("pim", system(srv.URL, config.Auth{}), zerolog.Nop(), Options{Sleep: rec.sleep, Observer: obs})
	if err != nil {
		t.Fatal(err)
	}
	if err := get(t, c, srv.URL+"/x"); err != nil {
		t.Fatal(err)
	}
	if want := []int{0, 503, 200}; len(obs.codes) != 3 || obs.codes[0] != want[0] || obs.codes[1] != want[1] || obs.codes[2] != want[2] {
		t.Errorf("observed codes %v, want %v", obs.codes, want)
	}
	if obs.retries != 2 || len(obs.waits) != 0 || !obs.systems["pim"] || len(obs.systems) != 1 {
		t.Errorf("retries %d (want 2), rate-limit waits %v (want none), systems %v (want pim)", obs.retries, obs.waits, obs.systems)
	}
}
