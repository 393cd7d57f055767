package hubspot

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/retry"
)

// ErrorBody is HubSpot's error answer (PROTOCOLS.md 3.5 and 3.6), also the
// StandardError of a batch answer.
type ErrorBody struct {
	Status        string          `json:"status"`
	Message       string          `json:"message"`
	Category      string          `json:"category"`
	SubCategory   string          `json:"subCategory"`
	CorrelationID string          `json:"correlationId"`
	PolicyName    string          `json:"policyName"`
	ErrorType     string          `json:"errorType"`
	Errors        []ErrorDetail   `json:"errors"`
	Context       json.RawMessage `json:"context"`
	ID            string          `json:"id"`
}

// ErrorDetail is one entry of an error's errors array.
type ErrorDetail struct {
	Message     string          `json:"message"`
	Code        string          `json:"code"`
	In          string          `json:"in"`
	SubCategory string          `json:"subCategory"`
	Context     json.RawMessage `json:"context"`
}

// Text is the error's own message with its category and the codes of its
// details, as a rejected record's reason.
func (b ErrorBody) Text() string {
	var parts []string
	if b.Category != "" {
		parts = append(parts, b.Category)
	}
	msg := b.Message
	for _, d := range b.Errors {
		if d.Code != "" && !strings.Contains(msg, d.Code) {
			msg += " [" + d.Code + "]"
		}
		if d.Message != "" && !strings.Contains(msg, d.Message) {
			msg += ": " + d.Message
		}
	}
	return strings.Join(append(parts, msg), ": ")
}

// StatusError is an error answer with HubSpot's error body.
type StatusError struct {
	Method, URL string
	Status      int
	Body        ErrorBody
	err         error
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("%s %s: status %d: %s", e.Method, e.URL, e.Status, e.Body.Text())
}

// Unwrap keeps the retry class of the status, or ErrQuotaReserve for the
// daily limit.
func (e *StatusError) Unwrap() error { return e.err }

// describe turns an httpx status error whose body is HubSpot's error shape
// into a *StatusError; other errors pass unchanged.
func describe(err error) error {
	se, ok := asStatus(err)
	if !ok {
		return err
	}
	var b ErrorBody
	if json.Unmarshal(se.Body, &b) != nil || (b.Message == "" && b.Category == "") {
		return err
	}
	inner := errStatus(se.Status, err)
	if daily(se.Status, b) {
		inner = fmt.Errorf("%w: %w", retry.ErrQuotaReserve, err)
	}
	return &StatusError{Method: se.Method, URL: se.URL, Status: se.Status, Body: b, err: inner}
}

// daily reports a 429 of the daily limit.
func daily(status int, b ErrorBody) bool {
	return status == http.StatusTooManyRequests && strings.EqualFold(b.PolicyName, "DAILY")
}

// classify keeps the HTTP stack from retrying a 429 of the daily limit,
// which only a new day lifts, and a 429 of the burst window, which the client
// waits out for the announced interval.
func classify(status int, body []byte) (retry.Class, bool) {
	if status != http.StatusTooManyRequests {
		return 0, false
	}
	var b ErrorBody
	if json.Unmarshal(body, &b) != nil || b.PolicyName == "" {
		return 0, false
	}
	return retry.Permanent, true
}

func asStatus(err error) (*httpx.StatusError, bool) {
	var se *httpx.StatusError
	return se, errors.As(err, &se)
}

// errStatus keeps the retry class of an error status once it is re-described.
func errStatus(code int, err error) error {
	if retry.Status(code) == retry.Retryable {
		return retry.Transient(err)
	}
	return retry.Final(err)
}
