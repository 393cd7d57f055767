package hubspot

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// Error categories of HubSpot's error body (PROTOCOLS.md §3.5).
const (
	catValidation = "VALIDATION_ERROR"
	catAuth       = "INVALID_AUTHENTICATION"
	catExpired    = "EXPIRED_AUTHENTICATION"
	catNotFound   = "OBJECT_NOT_FOUND"
	catConflict   = "CONFLICT"
)

// authMessage is HubSpot's answer to a missing or unknown token.
const authMessage = "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview"

// detail is one entry of an error body's "errors".
type detail struct {
	Message string              `json:"message"`
	Code    string              `json:"code,omitempty"`
	In      string              `json:"in,omitempty"`
	Context map[string][]string `json:"context,omitempty"`
}

// apiError is HubSpot's error body.
type apiError struct {
	Status        string              `json:"status"`
	Message       string              `json:"message"`
	CorrelationID string              `json:"correlationId"`
	Category      string              `json:"category"`
	SubCategory   string              `json:"subCategory,omitempty"`
	Errors        []detail            `json:"errors,omitempty"`
	Context       map[string][]string `json:"context,omitempty"`
}

// correlation returns a fresh correlation id (deterministic: a counter in
// uuid form).
func (e *Emulator) correlation() string {
	n := e.corr.Add(1)
	return fmt.Sprintf("5eed0000-0000-4000-8000-%012x", n)
}

// fail writes HubSpot's error body with status and category.
func (e *Emulator) fail(w http.ResponseWriter, status int, category, msg string, details ...detail) {
	writeJSON(w, status, apiError{Status: "error", Message: msg, CorrelationID: e.correlation(), Category: category, Errors: details})
}

// invalid is a 400 VALIDATION_ERROR.
func (e *Emulator) invalid(w http.ResponseWriter, msg string, details ...detail) {
	e.fail(w, http.StatusBadRequest, catValidation, msg, details...)
}

// noProperty is the 400 of a request naming a property the type lacks.
func (e *Emulator) noProperty(w http.ResponseWriter, typ, name string) {
	e.invalid(w, fmt.Sprintf("Property %q does not exist on %s", name, typ), noSuchProperty(name))
}

func noSuchProperty(name string) detail {
	return detail{Message: fmt.Sprintf("Property %q does not exist", name), Code: "PROPERTY_DOESNT_EXIST",
		Context: map[string][]string{"propertyName": {name}}}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// rateLimited is the body of a 429 (PROTOCOLS.md §3.6).
type rateLimited struct {
	Status        string `json:"status"`
	Message       string `json:"message"`
	ErrorType     string `json:"errorType"`
	CorrelationID string `json:"correlationId"`
	PolicyName    string `json:"policyName"`
	RequestID     string `json:"requestId"`
}

// tooMany writes a 429 of policy (TEN_SECONDLY_ROLLING, SECONDLY or DAILY)
// with HubSpot's message "You have reached your <policy> limit.".
func (e *Emulator) tooMany(w http.ResponseWriter, policy string) {
	msg := "You have reached your " + strings.ToLower(policy) + " limit."
	id := e.correlation()
	writeJSON(w, http.StatusTooManyRequests, rateLimited{Status: "error", Message: msg, ErrorType: "RATE_LIMIT",
		CorrelationID: id, PolicyName: policy, RequestID: id})
}

// faultShape answers injected faults as HubSpot does.
type faultShape struct{ e *Emulator }

// TooManyRequests answers a TEN_SECONDLY_ROLLING 429 with the rate-limit headers showing
// nothing remaining; Retry-After only when the fault set gives one (HubSpot
// does not promise it).
func (f faultShape) TooManyRequests(w http.ResponseWriter, retryAfter string) {
	if retryAfter != "" {
		w.Header().Set("Retry-After", retryAfter)
	}
	burst, interval := f.e.limits.figures()
	h := w.Header()
	h.Set(hdrMax, strconv.Itoa(burst))
	h.Set(hdrRemaining, "0")
	h.Set(hdrInterval, strconv.FormatInt(interval.Milliseconds(), 10))
	f.e.tooMany(w, policyBurst)
}

// ServerError answers a 5xx: 500 with HubSpot's error body (category
// INTERNAL_ERROR), the gateway statuses with the edge's HTML page (the
// emulator's choice; unverified).
func (f faultShape) ServerError(w http.ResponseWriter, status int) {
	if status == http.StatusInternalServerError {
		f.e.fail(w, status, "INTERNAL_ERROR", "internal error")
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = fmt.Fprintf(w, "<html><head><title>%d %s</title></head><body><h1>%s</h1></body></html>", status, http.StatusText(status), http.StatusText(status))
}
