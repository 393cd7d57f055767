package scrub

import "regexp"

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
	// Basic and Bearer credentials anywhere else.
	// A credential is long or holds a digit or symbol; "the Bearer scheme" is kept.
	{regexp.MustCompile(`\b(Basic|Bearer|bearer|BASIC|BEARER) (?:[A-Za-z0-9._~+/-]{12,}|[A-Za-z]*[0-9._~+/-][A-Za-z0-9._~+/-]*)=*`), "${1} " + Mask},
}

// Fragments returns text with credential fragments replaced by ***. It needs
// no configured values; Scrubber.String applies it after the values.
func Fragments(text string) string {
	for _, f := range fragments {
		text = f.re.ReplaceAllString(text, f.repl)
	}
	return text
}
