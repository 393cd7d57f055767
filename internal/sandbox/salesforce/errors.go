package salesforce

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// apiError is one entry of Salesforce's REST error array.
type apiError struct {
	Message   string   `json:"message"`
	ErrorCode string   `json:"errorCode"`
	Fields    []string `json:"fields,omitempty"`
}

// recError is one error of a record inside a collection result.
type recError struct {
	StatusCode string   `json:"statusCode"`
	Message    string   `json:"message"`
	Fields     []string `json:"fields"`
}

func newRecError(code, msg string, fields ...string) *recError {
	if fields == nil {
		fields = []string{}
	}
	return &recError{StatusCode: code, Message: msg, Fields: fields}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// writeErr answers status with [{"message","errorCode"(,"fields")}].
func writeErr(w http.ResponseWriter, status int, code, msg string, fields ...string) {
	writeJSON(w, status, []apiError{{Message: msg, ErrorCode: code, Fields: fields}})
}

func notFound(w http.ResponseWriter) {
	writeErr(w, http.StatusNotFound, "NOT_FOUND", "The requested resource does not exist")
}

func methodNotAllowed(w http.ResponseWriter, r *http.Request, allowed string) {
	w.Header().Set("Allow", allowed)
	writeErr(w, http.StatusMethodNotAllowed, "METHOD_NOT_ALLOWED",
		"HTTP Method '"+r.Method+"' not allowed. Allowed are "+allowed)
}

// sfTime formats a time stamp as Salesforce's JSON does:
// 2024-05-01T00:00:00.000+0000.
func sfTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000-0700") }

// shape answers injected faults as Salesforce does (fault.Responder).
type shape struct{ e *Emulator }

// TooManyRequests answers 429 with a Salesforce error array, the current
// Sforce-Limit-Info and Retry-After when the fault set gives one. Salesforce
// itself signals its quota with 403 REQUEST_LIMIT_EXCEEDED; a 429 comes
// from the edge in front of it, so its errorCode is not that one.
func (s shape) TooManyRequests(w http.ResponseWriter, retryAfter string) {
	if retryAfter != "" {
		w.Header().Set("Retry-After", retryAfter)
	}
	s.e.limitHeader(w)
	writeErr(w, http.StatusTooManyRequests, "TOO_MANY_REQUESTS", "Too many requests, retry later.")
}

// ServerError answers 500 and 503 with Salesforce's error array, the
// gateway statuses with an HTML page.
func (s shape) ServerError(w http.ResponseWriter, status int) {
	switch status {
	case http.StatusInternalServerError:
		writeErr(w, status, "UNKNOWN_EXCEPTION",
			"An unexpected error occurred. Please include this ErrorId if you contact support: 1234567890-12345 (-1234567890)")
	case http.StatusServiceUnavailable:
		writeErr(w, status, "SERVER_UNAVAILABLE", "Server temporarily unavailable, please retry.")
	default:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		_, _ = w.Write([]byte("<html><body><h1>" + strconv.Itoa(status) + " " + http.StatusText(status) + "</h1></body></html>"))
	}
}
