package httpx

import (
	"errors"
	"net/url"
	"strings"
)

var secretParams = []string{"apikey", "api_key", "access_token", "token", "key", "password", "client_secret", "sig", "signature", "code"}

// Redact renders u without user info and with secret-looking query values
// replaced by ***, for logs and error messages.
func Redact(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u
	c.User = nil
	q := c.Query()
	changed := false
	for k := range q {
		if isSecretParam(k) {
			q.Set(k, "***")
			changed = true
		}
	}
	if changed {
		c.RawQuery = q.Encode()
	}
	return c.String()
}

// RedactString is Redact for a URL string; unparsable input gives a placeholder.
func RedactString(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "<unparsable url>"
	}
	return Redact(u)
}

func isSecretParam(k string) bool {
	k = strings.ToLower(k)
	for _, s := range secretParams {
		if k == s {
			return true
		}
	}
	return false
}

// redactErr rewrites the URL inside a *url.Error so that error text never
// carries credentials.
func redactErr(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		ue.URL = RedactString(ue.URL)
	}
	return err
}
