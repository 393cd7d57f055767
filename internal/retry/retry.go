// Package retry classifies failures once for every connector: what may be retried,
// what needs one credential refresh, and what is final; and how long to wait.
package retry

import (
	"context"
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"syscall"
	"time"
)

// Class is what to do about a failed attempt.
type Class int

// Classes of failure.
const (
	// OK is not a failure.
	OK Class = iota
	// Retryable failures are retried with backoff: network errors, 408, 425, 429, 5xx.
	Retryable
	// Refresh failures (401) get one credential refresh and one replay.
	Refresh
	// Permanent failures (other 4xx, validation, refused hosts) are never retried.
	Permanent
)

func (c Class) String() string {
	return [...]string{"ok", "retryable", "refresh", "permanent"}[c]
}

// PermanentError marks an error that must not be retried whatever its cause.
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return e.Err.Error() }

// Unwrap returns the cause.
func (e *PermanentError) Unwrap() error { return e.Err }

// Final wraps err so that Error calls it Permanent.
func Final(err error) error { return &PermanentError{Err: err} }

// RetryableError marks an error worth another attempt (a truncated body, an
// open circuit).
type RetryableError struct{ Err error }

func (e *RetryableError) Error() string { return e.Err.Error() }

// Unwrap returns the cause.
func (e *RetryableError) Unwrap() error { return e.Err }

// Transient wraps err so that Error calls it Retryable.
func Transient(err error) error { return &RetryableError{Err: err} }

// Status classifies an HTTP status code.
func Status(code int) Class {
	switch {
	case code < 400:
		return OK
	case code == http.StatusUnauthorized:
		return Refresh
	case code == http.StatusRequestTimeout, code == http.StatusTooEarly, code == http.StatusTooManyRequests, code >= 500:
		return Retryable
	default:
		return Permanent
	}
}

// Error classifies a transport or decoding error.
func Error(err error) Class {
	var pe *PermanentError
	var re *RetryableError
	var ne net.Error
	switch {
	case err == nil:
		return OK
	case errors.As(err, &pe):
		return Permanent
	case errors.As(err, &re):
		return Retryable
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded) && !isTimeout(err):
		return Permanent
	case errors.As(err, &ne), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.ECONNREFUSED),
		errors.Is(err, syscall.EPIPE), errors.Is(err, net.ErrClosed):
		return Retryable
	case errors.Is(err, errUnexpectedEOF()):
		return Retryable
	}
	return Permanent
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// Policy is a retry budget for one request: full-jitter exponential backoff.
type Policy struct {
	// MaxRetries is the number of retries after the first attempt.
	MaxRetries int
	// Base is the first backoff ceiling; it doubles per retry.
	Base time.Duration
	// Cap bounds one wait, and a Retry-After longer than Cap fails the request.
	Cap time.Duration
}

// DefaultPolicy is 5 retries, from 1 s, capped at 60 s (TESTING.md).
var DefaultPolicy = Policy{MaxRetries: 5, Base: time.Second, Cap: time.Minute}

// Backoff returns the full-jitter wait before retry n (0-based).
func (p Policy) Backoff(n int) time.Duration {
	ceil := p.Base << min(n, 30)
	if ceil > p.Cap || ceil <= 0 {
		ceil = p.Cap
	}
	return time.Duration(rand.Int64N(int64(ceil) + 1))
}

// RetryAfter reads a Retry-After header in seconds or as an HTTP date.
func RetryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	v := h.Get("Retry-After")
	if v == "" {
		return 0, false
	}
	if s, err := strconv.Atoi(v); err == nil && s >= 0 {
		return time.Duration(s) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}
