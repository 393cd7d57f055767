package scrub

import (
	"bytes"
	"encoding/base64"
	"regexp"
	"strings"
)

const jsonKeys = `(?:client_secret|password|access_token|refresh_token|id_token|api_key|apikey)`

// fragment is a credential-shaped piece of text and its replacement.
type fragment struct {
	re   *regexp.Regexp
	repl string
}

// fragments catch credentials that no configured value names: form and query
// parameters, JSON members, header lines and auth schemes, as an upstream
// may echo them in an error body.
var fragments = []fragment{
	// client_secret=…, password=… in form bodies, query strings, log text.
	{regexp.MustCompile(`(?i)\b(client_secret|password|passwd|access_token|refresh_token|id_token|api_key|apikey|assertion)=[^&\s"'<>,;]+`), "${1}=" + Mask},
	// "password":"…" in an echoed JSON body, and in JSON quoted inside JSON.
	{regexp.MustCompile(`(?i)("` + jsonKeys + `"\s*:\s*")(?:[^"\\]|\\.)*`), "${1}" + Mask},
	{regexp.MustCompile(`(?i)(\\"` + jsonKeys + `\\"\s*:\s*\\")(?:[^"\\]|\\[^"])*`), "${1}" + Mask},
	// Authorization: …, api-key: … header lines, to the end of the value.
	{regexp.MustCompile(`(?i)\b((?:proxy-)?authorization|x-api-key|api-key|apikey|ocp-apim-subscription-key)(\\?["']?\s*[:=]\s*\\?["']?)[^"'\\\r\n]+`), "${1}${2}" + Mask},
	// Bearer tokens anywhere else: 16 or more token characters, or any with a
	// digit, so "the Bearer authentication scheme" is kept.
	{regexp.MustCompile(`\b(Bearer|bearer|BEARER) (?:[A-Za-z0-9._~+/-]{16,}|[A-Za-z0-9._~+/-]*[0-9][A-Za-z0-9._~+/-]*)=*`), "${1} " + Mask},
}

// basicHeader is a Basic credential: base64 that decodes to "user:secret".
// Product names such as "Basic T-Shirt" do not decode to a pair and are kept.
var basicHeader = regexp.MustCompile(`\b(Basic|basic|BASIC) ([A-Za-z0-9+/]{4,}={0,2})`)

// Fragments returns text with credential fragments replaced by ***. It needs
// no configured values; Scrubber.String applies it after the values.
func Fragments(text string) string {
	for _, f := range fragments {
		text = f.re.ReplaceAllString(text, f.repl)
	}
	return basicHeader.ReplaceAllStringFunc(text, func(m string) string {
		sub := basicHeader.FindStringSubmatch(m)
		if !isPair(sub[2]) {
			return m
		}
		return sub[1] + " " + Mask
	})
}

// isPair reports whether s is base64 of text holding a colon.
func isPair(s string) bool {
	b, err := base64.RawStdEncoding.DecodeString(strings.TrimRight(s, "="))
	return err == nil && bytes.IndexByte(b, ':') > 0
}
