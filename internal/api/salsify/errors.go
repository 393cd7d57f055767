package salsify

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/retry"
)

// ErrorBody is Salsify's error answer: {"errors":["msg", …]}, or for a bulk
// call an array of arrays, one inner array per input item.
type ErrorBody struct {
	Errors []json.RawMessage `json:"errors"`
}

// Messages flattens the body's messages (a single call's).
func (b ErrorBody) Messages() []string {
	var out []string
	for _, e := range b.Errors {
		out = append(out, messages(e)...)
	}
	return out
}

// PerItem returns the body's errors as one list per input item when the body
// has the bulk shape (every entry an array) for n items; ok is false else.
func (b ErrorBody) PerItem(n int) (per [][]string, ok bool) {
	if len(b.Errors) != n || n == 0 {
		return nil, false
	}
	per = make([][]string, n)
	for i, e := range b.Errors {
		var inner []json.RawMessage
		if json.Unmarshal(e, &inner) != nil {
			return nil, false
		}
		for _, m := range inner {
			per[i] = append(per[i], messages(m)...)
		}
	}
	return per, true
}

// messages reads one error entry: a string, an array of strings, or any other
// JSON (kept as its text so nothing the server said is lost).
func messages(raw json.RawMessage) []string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return []string{s}
	}
	var ss []string
	if json.Unmarshal(raw, &ss) == nil {
		return ss
	}
	return []string{string(raw)}
}

// StatusError is an error answer with Salsify's messages.
type StatusError struct {
	Method, URL string
	Status      int
	Body        ErrorBody
	// Messages are the body's messages flattened.
	Messages []string
	err      error
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("%s %s: status %d: %s", e.Method, e.URL, e.Status, strings.Join(e.Messages, "; "))
}

// Unwrap keeps the retry class of the status.
func (e *StatusError) Unwrap() error { return e.err }

// describe turns an httpx status error whose body is Salsify's error shape
// into a *StatusError with the messages; other errors pass unchanged.
func describe(err error) error {
	se, ok := asStatus(err)
	if !ok {
		return err
	}
	var b ErrorBody
	if json.Unmarshal(se.Body, &b) != nil || len(b.Errors) == 0 {
		return err
	}
	return &StatusError{Method: se.Method, URL: se.URL, Status: se.Status, Body: b, Messages: b.Messages(), err: errStatus(se.Status, err)}
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
