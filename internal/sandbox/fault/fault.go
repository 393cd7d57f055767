// Package fault injects the failures real systems produce, in front of any
// emulator: 429 storms with Retry-After, 5xx bursts, truncated bodies, HTML
// error pages with status 200, and slow responses. Each switch counts down per
// matching request, so a test can script "the next 3 calls fail".
package fault

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Set is the fault switches of one emulator. The zero value injects nothing.
type Set struct {
	mu sync.Mutex
	// Path restricts faults to requests whose path contains it ("" = all).
	Path string `json:"path"`
	// Storm429 answers the next N requests with 429.
	Storm429 int `json:"storm_429"`
	// RetryAfter is sent with each 429 ("" = no header); seconds or an HTTP date.
	RetryAfter string `json:"retry_after"`
	// Burst5xx answers the next N requests with Status5xx (default 503).
	Burst5xx  int `json:"burst_5xx"`
	Status5xx int `json:"status_5xx"`
	// Truncate cuts the body of the next N successful responses in half.
	Truncate int `json:"truncate"`
	// HTML answers the next N requests with an HTML page and status 200.
	HTML int `json:"html"`
	// Slow makes every matching response leave Slow after its request
	// arrived: a server whose pages take that long. The emulator's own work
	// happens inside that time, as a real server's does, so a page's latency
	// is Slow, not Slow plus the emulator's rendering (which grows with the
	// machine's load and would otherwise be counted against the client).
	Slow time.Duration `json:"slow"`
	// Skip lets this many matching requests through before faults start.
	Skip int `json:"skip"`
	// Drift rewrites the next N successful bodies, replacing every DriftOld with
	// DriftNew: schema drift, type changes, bad bytes.
	Drift    int    `json:"drift"`
	DriftOld string `json:"drift_old"`
	DriftNew string `json:"drift_new"`

	// Shape writes the 429 and 5xx answers in the emulated system's own
	// format; nil keeps the default (an Akeneo-style JSON 429, an HTML 5xx page).
	Shape Responder `json:"-"`

	injected map[string]int
}

// Responder writes the error answers a fault injects, as the emulated system
// would: its error body, its rate-limit headers.
type Responder interface {
	// TooManyRequests answers a 429; retryAfter is "" when none is sent.
	TooManyRequests(w http.ResponseWriter, retryAfter string)
	// ServerError answers a 5xx with status.
	ServerError(w http.ResponseWriter, status int)
}

// defaultShape is the answer of systems without their own Responder.
type defaultShape struct{}

func (defaultShape) TooManyRequests(w http.ResponseWriter, retryAfter string) {
	if retryAfter != "" {
		w.Header().Set("Retry-After", retryAfter)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusTooManyRequests)
	_ = json.NewEncoder(w).Encode(map[string]any{"code": 429, "message": "You have exceeded the limit of API requests per second."})
}

func (defaultShape) ServerError(w http.ResponseWriter, status int) {
	w.Header().Set("Content-Type", "text/html")
	w.WriteHeader(status)
	_, _ = w.Write([]byte("<html><body><h1>" + strconv.Itoa(status) + " Service Unavailable</h1></body></html>"))
}

func (s *Set) shape() Responder {
	if s.Shape == nil {
		return defaultShape{}
	}
	return s.Shape
}

// Update replaces the switches with those of u (keeping counters of injections).
func (s *Set) Update(u *Set) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.Path, s.Storm429, s.RetryAfter, s.Burst5xx, s.Status5xx = u.Path, u.Storm429, u.RetryAfter, u.Burst5xx, u.Status5xx
	s.Truncate, s.HTML, s.Slow, s.Skip = u.Truncate, u.HTML, u.Slow, u.Skip
	s.Drift, s.DriftOld, s.DriftNew = u.Drift, u.DriftOld, u.DriftNew
}

// Injected returns how many faults of each kind were injected.
func (s *Set) Injected() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]int{}
	for k, v := range s.injected {
		out[k] = v
	}
	return out
}

// pick decides the fault for one request and consumes it.
func (s *Set) pick(path string) (kind string, slow time.Duration, retryAfter string, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.Path != "" && !strings.Contains(path, s.Path) {
		return "", 0, "", 0
	}
	slow = s.Slow
	if s.Skip > 0 {
		s.Skip--
		return "", slow, "", 0
	}
	if s.injected == nil {
		s.injected = map[string]int{}
	}
	switch {
	case s.Storm429 > 0:
		s.Storm429--
		kind = "429"
	case s.Burst5xx > 0:
		s.Burst5xx--
		kind, status = "5xx", s.Status5xx
		if status == 0 {
			status = http.StatusServiceUnavailable
		}
	case s.HTML > 0:
		s.HTML--
		kind = "html"
	case s.Truncate > 0:
		s.Truncate--
		kind = "truncate"
	case s.Drift > 0:
		s.Drift--
		kind = "drift"
	}
	if kind != "" {
		s.injected[kind]++
	}
	return kind, slow, s.RetryAfter, status
}

// Wrap puts the fault set in front of h.
func (s *Set) Wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		deadline := time.Now()
		kind, slow, retryAfter, status := s.pick(r.URL.Path)
		deadline = deadline.Add(slow)
		if slow > 0 && kind == "" {
			answerAt(w, r, h, deadline)
			return
		}
		if slow > 0 && !waitUntil(r, deadline) {
			return
		}
		switch kind {
		case "429":
			s.shape().TooManyRequests(w, retryAfter)
		case "5xx":
			s.shape().ServerError(w, status)
		case "html":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write([]byte("<!DOCTYPE html><html><body>Maintenance in progress</body></html>"))
		case "truncate":
			truncated(w, r, h)
		case "drift":
			s.mu.Lock()
			old, repl := s.DriftOld, s.DriftNew
			s.mu.Unlock()
			drifted(w, r, h, old, repl)
		default:
			h.ServeHTTP(w, r)
		}
	})
}

// answerAt serves the real response, recorded, no sooner than deadline.
func answerAt(w http.ResponseWriter, r *http.Request, h http.Handler, deadline time.Time) {
	rec := &recorder{header: http.Header{}, status: http.StatusOK}
	h.ServeHTTP(rec, r)
	if !waitUntil(r, deadline) {
		return
	}
	for k, v := range rec.header {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.status)
	_, _ = w.Write(rec.body.Bytes())
}

// waitUntil waits for deadline; false when the client went away first.
func waitUntil(r *http.Request, deadline time.Time) bool {
	t := time.NewTimer(time.Until(deadline))
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

// truncated serves the real response but announces its full length and sends
// only half the body, then drops the connection.
func truncated(w http.ResponseWriter, r *http.Request, h http.Handler) {
	rec := &recorder{header: http.Header{}, status: http.StatusOK}
	h.ServeHTTP(rec, r)
	for k, v := range rec.header {
		w.Header()[k] = v
	}
	body := rec.body.Bytes()
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(rec.status)
	_, _ = w.Write(body[:len(body)/2])
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
		}
	}
}

// drifted serves the real response with every old replaced by repl.
func drifted(w http.ResponseWriter, r *http.Request, h http.Handler, old, repl string) {
	rec := &recorder{header: http.Header{}, status: http.StatusOK}
	h.ServeHTTP(rec, r)
	for k, v := range rec.header {
		w.Header()[k] = v
	}
	body := bytes.ReplaceAll(rec.body.Bytes(), []byte(old), []byte(repl))
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(rec.status)
	_, _ = w.Write(body)
}

type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (r *recorder) Header() http.Header         { return r.header }
func (r *recorder) WriteHeader(code int)        { r.status = code }
func (r *recorder) Write(b []byte) (int, error) { return r.body.Write(b) }
