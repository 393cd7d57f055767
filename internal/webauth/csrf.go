package webauth

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
)

// Reasons a form is refused as a possible forgery.
var (
	errCSRFMissing = errors.New("the form carries no anti-forgery token")
	errCSRFWrong   = errors.New("the form's anti-forgery token is not this session's")
)

// CSRFHeader is the header a script sends the session's CSRF token in,
// instead of the form field CSRFField.
const CSRFHeader = "X-CSRF-Token"

// checkCSRF refuses a cross-origin request (Go's CrossOriginProtection, from
// the browser's Sec-Fetch-Site or Origin) and one whose token, from the
// X-CSRF-Token header or the form field, is not want.
func (g *Guard) checkCSRF(r *http.Request, want string) error {
	if err := g.cop.Check(r); err != nil {
		return fmt.Errorf("check origin: %w", err)
	}
	got := r.Header.Get(CSRFHeader)
	if got == "" {
		got = r.PostFormValue(CSRFField)
	}
	switch {
	case got == "":
		return errCSRFMissing
	case want == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1:
		return errCSRFWrong
	}
	return nil
}
