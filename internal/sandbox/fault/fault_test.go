package fault

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

// TestSlowCountsTheEmulatorsWorkInside: with Slow set, the emulator works on
// the request at once and the answer leaves Slow after the request arrived,
// as a real server's page latency is measured; the emulator's own time is not
// added on top.
func TestSlowCountsTheEmulatorsWorkInside(t *testing.T) {
	const slow = time.Second
	var entered atomic.Int64
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		entered.Store(time.Now().UnixNano())
		w.Header().Set("X-Page", "1")
		w.WriteHeader(http.StatusAccepted)
		_, _ = io.WriteString(w, "page")
	})
	srv := httptest.NewServer((&Set{Slow: slow}).Wrap(h))
	defer srv.Close()
	sent := time.Now()
	res, err := http.Get(srv.URL + "/products")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	answered := time.Since(sent)
	if got := time.Duration(entered.Load() - sent.UnixNano()); got >= slow {
		t.Errorf("the emulator started on the request %s after it was sent: it waited first, so its own work adds to the latency", got)
	}
	if answered < slow {
		t.Errorf("answered after %s, want no sooner than %s", answered, slow)
	}
	if res.StatusCode != http.StatusAccepted || res.Header.Get("X-Page") != "1" || string(body) != "page" {
		t.Errorf("the recorded answer changed on its way: %d %v %q", res.StatusCode, res.Header, body)
	}
}

// TestSlowFaultAnswersStillWait: a 429 under Slow still leaves Slow after
// the request (the fault answers, not the emulator).
func TestSlowFaultAnswersStillWait(t *testing.T) {
	const slow = 300 * time.Millisecond
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { t.Error("the emulator was asked despite the 429") })
	srv := httptest.NewServer((&Set{Slow: slow, Storm429: 1, RetryAfter: "1"}).Wrap(h))
	defer srv.Close()
	sent := time.Now()
	res, err := http.Get(srv.URL + "/products")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusTooManyRequests || time.Since(sent) < slow {
		t.Errorf("got %d after %s, want 429 no sooner than %s", res.StatusCode, time.Since(sent), slow)
	}
}
