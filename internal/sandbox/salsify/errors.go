package salsify

import (
	"net/http"
	"strconv"
)

// Errors answers the faults a fault.Set injects the way Salsify does; set it
// as the emulator's fault.Set Shape (fault.Set{Shape: srv.Errors()}).
type Errors struct{ srv *Server }

// Errors returns the fault shape of this emulator: its 429 carries the
// organization's current x-ratelimit-* figures.
func (s *Server) Errors() Errors { return Errors{srv: s} }

// TooManyRequests answers 429 with {"errors":[...]}, the x-ratelimit-*
// headers with nothing remaining, and Retry-After when the fault set gives
// one. x-ratelimit-reset is Retry-After when that is a number of seconds,
// else the seconds until the organization's window resets.
func (e Errors) TooManyRequests(w http.ResponseWriter, retryAfter string) {
	limit, reset := DefaultRateLimit, 1
	if e.srv != nil {
		limit, _, reset = e.srv.limit.peek(e.srv.clock())
	}
	if retryAfter != "" {
		w.Header().Set("Retry-After", retryAfter)
		if n, err := strconv.Atoi(retryAfter); err == nil && n >= 0 {
			reset = n
		}
	}
	setRateHeaders(w, limit, 0, reset)
	writeErrors(w, http.StatusTooManyRequests, rateLimitMessage(limit))
}

// ServerError answers a 5xx: 500 as the application does (JSON errors), the
// gateway statuses (502, 503, 504) as the edge in front of it does, with an
// HTML page. The shapes are the emulator's choice (unverified).
func (e Errors) ServerError(w http.ResponseWriter, status int) {
	if status == http.StatusInternalServerError {
		writeErrors(w, status, "Internal Server Error")
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write([]byte("<html><head><title>" + strconv.Itoa(status) + " " + http.StatusText(status) +
		"</title></head><body><h1>" + http.StatusText(status) + "</h1></body></html>"))
}
