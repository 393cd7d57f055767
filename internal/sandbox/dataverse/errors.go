package dataverse

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// odataError is the Web API's error body (PROTOCOLS.md §5.5).
type odataError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// apiError is an error answer: status and body.
type apiError struct {
	status int
	odataError
}

func (a *apiError) Error() string { return a.Message }

func fail(status int, code, msg string) *apiError {
	return &apiError{status: status, odataError: odataError{Code: code, Message: msg}}
}

// Error codes used by the emulator. Codes the documentation names are marked
// verified; the others are the emulator's choice.
const (
	codeVersionMismatch = "0x80060882" // ConcurrencyVersionMismatch (verified)
	codeRequests        = "0x80072322" // service protection: requests (verified)
	codeConcurrency     = "0x80072326" // service protection: concurrency (verified)
	codeNotFound        = "0x80040217" // ObjectDoesNotExist
	codeDuplicate       = "0x80040237" // DuplicateRecord
	codeDuplicateKey    = "0x80060892" // DuplicateRecordEntityKey
	codeBadProperty     = "0x80060888" // property not on the type
	codePayload         = "0x80048d19" // malformed payload
	// codeDeltaExpired: no source here names the code of an expired delta
	// token; the emulator uses ChangeTrackingTokenExpired's name in the message
	// and an empty code, which §5.5 says is common.
	codeDeltaExpired = ""
)

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; odata.metadata=minimal")
	w.Header().Set("OData-Version", "4.0")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}

// writeError writes err as {"error":{"code","message"}}.
func writeError(w http.ResponseWriter, err *apiError) {
	writeJSON(w, err.status, map[string]odataError{"error": err.odataError})
}

// faultShape answers injected faults in Dataverse's shape.
type faultShape struct{ e *Emulator }

// TooManyRequests answers 429 with the request-limit code and message.
func (f faultShape) TooManyRequests(w http.ResponseWriter, retryAfter string) {
	if retryAfter != "" {
		w.Header().Set("Retry-After", retryAfter)
	}
	w.Header().Set("x-ms-ratelimit-burst-remaining-xrm-requests", "0")
	writeError(w, fail(http.StatusTooManyRequests, codeRequests, requestsMessage(f.e.opts.WindowRequests)))
}

// ServerError answers a 5xx with an error body (the gateway's 502/504 are
// answered alike; unverified).
func (f faultShape) ServerError(w http.ResponseWriter, status int) {
	writeError(w, fail(status, "0x80040216", "An unexpected error occurred."))
}

func requestsMessage(n int) string {
	return "Number of requests exceeded the limit of " + strconv.Itoa(n) + " over time window of 300 seconds."
}

func concurrencyMessage(n int) string {
	return "Number of concurrent requests exceeded the limit of " + strconv.Itoa(n) + "."
}
