package salesforce

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/retry"
)

// Error codes the client acts on.
const (
	CodeLimitExceeded  = "REQUEST_LIMIT_EXCEEDED"
	CodeInvalidLocator = "INVALID_QUERY_LOCATOR"
	CodeInvalidSession = "INVALID_SESSION_ID"
)

// ErrorItem is one entry of Salesforce's error array, and the per-record
// error of a collection result.
type ErrorItem struct {
	Message    string   `json:"message"`
	ErrorCode  string   `json:"errorCode"`
	StatusCode string   `json:"statusCode"`
	Fields     []string `json:"fields"`
}

// Code is the entry's code: errorCode for REST errors, statusCode inside
// collection results.
func (e ErrorItem) Code() string {
	if e.ErrorCode != "" {
		return e.ErrorCode
	}
	return e.StatusCode
}

// String is "CODE: message (fields a, b)".
func (e ErrorItem) String() string {
	s := e.Code() + ": " + e.Message
	if len(e.Fields) > 0 {
		s += " (fields " + strings.Join(e.Fields, ", ") + ")"
	}
	return s
}

// Join formats errors for an outcome's reason.
func Join(es []ErrorItem) string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.String()
	}
	return strings.Join(parts, "; ")
}

// APIError is an error answer decoded: the status and the error array (or a
// token endpoint's error/error_description).
type APIError struct {
	Status int
	Items  []ErrorItem
	Err    *httpx.StatusError
}

func (e *APIError) Error() string {
	if len(e.Items) == 0 {
		return e.Err.Error()
	}
	return fmt.Sprintf("%s %s: status %d: %s", e.Err.Method, e.Err.URL, e.Status, Join(e.Items))
}

func (e *APIError) Unwrap() error { return e.Err }

// Has reports whether any entry carries code.
func (e *APIError) Has(code string) bool {
	for _, it := range e.Items {
		if it.Code() == code {
			return true
		}
	}
	return false
}

// decodeError turns a StatusError into an *APIError; 403
// REQUEST_LIMIT_EXCEEDED wraps retry.ErrQuotaReserve (a stop, never retried).
func decodeError(err error) error {
	var se *httpx.StatusError
	if !errors.As(err, &se) {
		return err
	}
	ae := &APIError{Status: se.Status, Err: se}
	if json.Unmarshal(se.Body, &ae.Items) != nil {
		var tok struct {
			Error       string `json:"error"`
			Description string `json:"error_description"`
		}
		if json.Unmarshal(se.Body, &tok) == nil && tok.Error != "" {
			ae.Items = []ErrorItem{{ErrorCode: tok.Error, Message: tok.Description}}
		}
	}
	if ae.Status == 403 && ae.Has(CodeLimitExceeded) {
		return retry.Final(fmt.Errorf("%w: %w", ae, retry.ErrQuotaReserve))
	}
	return ae
}

// AsAPIError finds the *APIError in err.
func AsAPIError(err error) (*APIError, bool) {
	var ae *APIError
	ok := errors.As(err, &ae)
	return ae, ok
}
