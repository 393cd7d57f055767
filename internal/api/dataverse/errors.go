package dataverse

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/stewardhq/steward/internal/httpx"
)

// ServiceError is a Web API error answer with Dataverse's own code and
// message ({"error":{"code":"0x80040265","message":"…"}}); the code is not
// the HTTP status and is often empty.
type ServiceError struct {
	Status  *httpx.StatusError
	Code    string
	Message string
}

func (e *ServiceError) Error() string {
	return fmt.Sprintf("%s %s: status %d: %s", e.Status.Method, e.Status.URL, e.Status.Status, Reason(e.Code, e.Message))
}

// Unwrap returns the status error.
func (e *ServiceError) Unwrap() error { return e.Status }

// Reason joins an error code and message as outcomes and errors show them.
func Reason(code, msg string) string {
	if code == "" {
		return msg
	}
	return code + ": " + msg
}

// errorBody is the OData error shape Dataverse answers with.
type errorBody struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// parseError reads Dataverse's code and message from an error body.
func parseError(body []byte) (code, msg string, ok bool) {
	var e errorBody
	if json.Unmarshal(body, &e) != nil || (e.Error.Message == "" && e.Error.Code == "") {
		return "", "", false
	}
	return e.Error.Code, e.Error.Message, true
}

// describe adds Dataverse's code and message to a status error.
func describe(err error) error {
	var se *httpx.StatusError
	if !errors.As(err, &se) {
		return err
	}
	code, msg, ok := parseError(se.Body)
	if !ok {
		return err
	}
	return &ServiceError{Status: se, Code: code, Message: msg}
}

// StatusOf returns the HTTP status of an error from the client, 0 if none.
func StatusOf(err error) int {
	var se *httpx.StatusError
	if errors.As(err, &se) {
		return se.Status
	}
	return 0
}
