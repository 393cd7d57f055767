package console

import (
	"net/url"
	"regexp"
	"strings"
)

// secretParam matches query parameter names that may carry a credential.
var secretParam = regexp.MustCompile(`(?i)token|key|secret|pass|^pw$|pwd|sig|auth|credential|session|code`)

// pathParam finds the ;name=value parameters of a path's segments.
var pathParam = regexp.MustCompile(`;([^/;=]*)=([^/;]*)`)

// urlInText finds the URLs in a text (a cursor, an error).
var urlInText = regexp.MustCompile(`[a-zA-Z][a-zA-Z0-9+.-]*://[^\s"'<>]+`)

// safeURL returns a page address without credentials: no user info, and the
// value of every query parameter whose name may carry one replaced by ***.
// Text that is not an absolute URL is returned with any URL in it made safe.
func safeURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" || u.Host == "" {
		return safeText(raw)
	}
	u.User = nil
	if u.Fragment != "" || u.RawFragment != "" {
		// A fragment never reaches a server; it may hold a token.
		u.Fragment, u.RawFragment = "***", ""
	}
	if p := pathParam.ReplaceAllStringFunc(u.Path, func(m string) string {
		name := pathParam.FindStringSubmatch(m)[1]
		if secretParam.MatchString(name) {
			return ";" + name + "=***"
		}
		return m
	}); p != u.Path {
		u.Path, u.RawPath = p, ""
	}
	if u.RawQuery != "" {
		q, err := url.ParseQuery(u.RawQuery)
		if err != nil {
			u.RawQuery = "***"
		} else {
			for k := range q {
				if secretParam.MatchString(k) {
					q[k] = []string{"***"}
				}
			}
			u.RawQuery = q.Encode()
		}
	}
	return strings.ReplaceAll(u.String(), "%2A%2A%2A", "***")
}

// safeText returns text with every URL in it made safe by safeURL.
func safeText(text string) string {
	return urlInText.ReplaceAllStringFunc(text, func(m string) string {
		u, err := url.Parse(m)
		if err != nil {
			return "***"
		}
		if u.Host == "" {
			return m
		}
		return safeURL(m)
	})
}
