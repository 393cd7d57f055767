// Package scrub removes credentials from text before it is written anywhere a
// person or another program can read it: logs, the run history, dead letters,
// reports, error messages. A Scrubber is fed with the configured secret values
// and replaces each of them, in every encoding it may travel in (raw,
// URL-encoded, base64, JSON-escaped, inside a Basic header), with ***; it also
// blanks credential fragments that carry no configured value (client_secret=…,
// password=…, Authorization: …, Bearer tokens), such as an echoed access token.
package scrub

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"sync"
)

// Mask replaces every scrubbed value.
const Mask = "***"

// MinLen is the shortest secret value scrubbed as text: shorter values would
// blank ordinary words. Fragments still hide them where they travel as
// credentials (password=…, Basic headers of a pair).
const MinLen = 4

// Scrubber holds the secret values to remove. The zero value and a nil
// *Scrubber remove credential fragments only. It is safe for concurrent use;
// values may be added while it is in use (the config is read after the
// logger is built).
type Scrubber struct {
	mu       sync.RWMutex
	values   map[string]bool
	replacer *strings.Replacer
	pii      personal
}

// New returns a scrubber for values (see Add).
func New(values ...string) *Scrubber {
	s := &Scrubber{}
	s.Add(values...)
	return s
}

// Add registers secret values with every encoding they may be sent in.
// Empty values and values shorter than MinLen are ignored.
func (s *Scrubber) Add(values ...string) {
	var forms []string
	for _, v := range values {
		if len(v) >= MinLen {
			forms = append(forms, encodings(v)...)
		}
	}
	s.addForms(forms)
}

// AddPair registers a user (or client id) and secret as they travel in a
// Basic Authorization header, base64-encoded as "user:secret", both as written
// and URL-encoded first (as OAuth2 clients send client credentials); the
// secret alone is registered too.
func (s *Scrubber) AddPair(user, secret string) {
	if secret == "" {
		return
	}
	s.Add(secret)
	var forms []string
	for _, p := range []string{user + ":" + secret, url.QueryEscape(user) + ":" + url.QueryEscape(secret)} {
		forms = append(forms, b64(p)...)
	}
	s.addForms(forms)
}

func (s *Scrubber) addForms(forms []string) {
	if s == nil || len(forms) == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.values == nil {
		s.values = map[string]bool{}
	}
	for _, f := range forms {
		if len(f) >= MinLen {
			s.values[f] = true
		}
	}
	all := make([]string, 0, len(s.values))
	for v := range s.values {
		all = append(all, v)
	}
	// Longest first, so a value is replaced whole before any shorter value
	// it contains.
	slices.SortFunc(all, func(a, b string) int { return cmp.Or(len(b)-len(a), strings.Compare(a, b)) })
	pairs := make([]string, 0, 2*len(all))
	for _, v := range all {
		pairs = append(pairs, v, Mask)
	}
	s.replacer = strings.NewReplacer(pairs...)
}

// String returns text with every registered value and every credential
// fragment replaced by ***.
func (s *Scrubber) String(text string) string {
	if s != nil {
		s.mu.RLock()
		r := s.replacer
		s.mu.RUnlock()
		if r != nil {
			text = r.Replace(text)
		}
	}
	return Fragments(text)
}

// encodings lists the forms a value may appear in.
func encodings(v string) []string {
	forms := []string{v, url.QueryEscape(v), url.PathEscape(v), strings.ReplaceAll(url.QueryEscape(v), "+", "%20")}
	// JSON as encoding/json writes it (<, >, & as \u003c …) and as zerolog
	// and most other encoders do (those left as they are; PHP's also escapes /).
	if j, err := json.Marshal(v); err == nil {
		forms = append(forms, string(j[1:len(j)-1]))
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if enc.Encode(v) == nil {
		j := strings.TrimSuffix(buf.String(), "\n")
		plain := j[1 : len(j)-1]
		forms = append(forms, plain, strings.ReplaceAll(plain, "/", `\/`))
	}
	return append(forms, b64(v)...)
}

func b64(v string) []string {
	b := []byte(v)
	return []string{base64.StdEncoding.EncodeToString(b), base64.URLEncoding.EncodeToString(b),
		base64.RawStdEncoding.EncodeToString(b), base64.RawURLEncoding.EncodeToString(b)}
}
