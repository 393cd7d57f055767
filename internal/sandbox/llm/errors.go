package llm

import (
	"net/http"
	"strconv"
)

// Rate limits the sandbox model announces in its x-ratelimit-* headers.
const (
	limitRequests = 500
	limitTokens   = 200000
)

// Errors answers injected faults the way OpenAI does (PROTOCOLS.md §10.4):
// the {"error":{"message","type","param","code"}} body, Retry-After when one
// is set, and the x-ratelimit-* and x-request-id headers. Set it as the
// sandbox model's fault.Set Shape.
type Errors struct{}

// TooManyRequests answers 429 rate_limit_exceeded with exhausted request limits.
func (Errors) TooManyRequests(w http.ResponseWriter, retryAfter string) {
	reset := "1s"
	if retryAfter != "" {
		w.Header().Set("Retry-After", retryAfter)
		if _, err := strconv.Atoi(retryAfter); err == nil {
			reset = retryAfter + "s"
		}
	}
	rateHeaders(w.Header(), 0, reset)
	writeError(w, http.StatusTooManyRequests, "requests", "rate_limit_exceeded", "",
		"Rate limit reached for requests on model "+Model+". Please try again later.")
}

// ServerError answers a 5xx with OpenAI's server_error body.
func (Errors) ServerError(w http.ResponseWriter, status int) {
	w.Header().Set("x-request-id", "req_"+randomID())
	writeError(w, status, "server_error", "", "", "The server had an error while processing your request. Sorry about that!")
}

// rateHeaders sets OpenAI's rate-limit headers: remaining requests, and the
// time until the request limit resets as a duration string ("1s", "6m0s").
func rateHeaders(h http.Header, remaining int, reset string) {
	h.Set("x-ratelimit-limit-requests", strconv.Itoa(limitRequests))
	h.Set("x-ratelimit-remaining-requests", strconv.Itoa(remaining))
	h.Set("x-ratelimit-reset-requests", reset)
	h.Set("x-ratelimit-limit-tokens", strconv.Itoa(limitTokens))
	h.Set("x-ratelimit-remaining-tokens", strconv.Itoa(limitTokens))
	h.Set("x-ratelimit-reset-tokens", "0s")
	h.Set("x-request-id", "req_"+randomID())
}

// writeError writes OpenAI's error body; empty code and param are null, as
// the four keys are always present.
func writeError(w http.ResponseWriter, status int, typ, code, param, msg string) {
	writeJSON(w, status, map[string]any{"error": map[string]any{"message": msg, "type": typ, "param": orNull(param), "code": orNull(code)}})
}

func orNull(s string) any {
	if s == "" {
		return nil
	}
	return s
}
