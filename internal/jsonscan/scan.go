// Package jsonscan reads and writes JSON in one pass over the bytes, for the
// hot path of an extract (pages of products, staged canonical payloads). The
// Scanner is strict and gives up rather than guess: any input it is not sure
// to read exactly as encoding/json would (escapes aside, which it hands to
// encoding/json) makes it fail, and its callers then use encoding/json, which
// also words the error. So a fast read is always the same read.
package jsonscan

import (
	"bytes"
	"encoding/json"
	"unicode/utf8"
)

// MaxDepth bounds the nesting Skip follows; deeper input fails the scan.
const MaxDepth = 64

// Scanner walks JSON text. Once a read fails, Failed is true and every
// further read fails too.
type Scanner struct {
	b      []byte
	i      int
	failed bool
}

// New returns a scanner at the start of b.
func New(b []byte) *Scanner { return &Scanner{b: b} }

// Reset starts s over on b.
func (s *Scanner) Reset(b []byte) { *s = Scanner{b: b} }

// Failed reports whether any read failed.
func (s *Scanner) Failed() bool { return s.failed }

// Fail marks the scan failed (a caller's own refusal) and returns false.
func (s *Scanner) Fail() bool {
	s.failed = true
	return false
}

// Pos is the offset of the next byte to read.
func (s *Scanner) Pos() int { return s.i }

// Bytes returns the text between two offsets.
func (s *Scanner) Bytes(from, to int) []byte { return s.b[from:to] }

// End reports whether only white space is left (and no read failed).
func (s *Scanner) End() bool {
	s.ws()
	return !s.failed && s.i == len(s.b)
}

func (s *Scanner) ws() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// Peek returns the first byte of the next value (0 at the end or after a
// failure).
func (s *Scanner) Peek() byte {
	s.ws()
	if s.failed || s.i >= len(s.b) {
		return 0
	}
	return s.b[s.i]
}

// Null consumes a null if one is next and reports whether it did.
func (s *Scanner) Null() bool {
	if s.Peek() != 'n' {
		return false
	}
	return s.word("null")
}

// Bool reads true or false.
func (s *Scanner) Bool() (bool, bool) {
	switch s.Peek() {
	case 't':
		return true, s.word("true")
	case 'f':
		return false, s.word("false")
	}
	return false, s.Fail()
}

func (s *Scanner) word(w string) bool {
	if !bytes.HasPrefix(s.b[s.i:], []byte(w)) {
		return s.Fail()
	}
	s.i += len(w)
	return true
}

// Number reads a JSON number and returns its text.
func (s *Scanner) Number() ([]byte, bool) {
	s.ws()
	start, b, i := s.i, s.b, s.i
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && b[i] >= '1' && b[i] <= '9':
		i = digits(b, i)
	default:
		return nil, s.Fail()
	}
	if i < len(b) && b[i] == '.' {
		if j := digits(b, i+1); j > i+1 {
			i = j
		} else {
			return nil, s.Fail()
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		j := digits(b, i)
		if j == i {
			return nil, s.Fail()
		}
		i = j
	}
	s.i = i
	return b[start:i], true
}

func digits(b []byte, i int) int {
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	return i
}

// rawString reads a string's content; plain is false when it holds escapes
// or bytes above ASCII that are not valid UTF-8 (encoding/json decodes
// those). A raw control byte fails the scan, as encoding/json refuses it.
func (s *Scanner) rawString() (text []byte, plain bool, ok bool) {
	s.ws()
	b := s.b
	if s.i >= len(b) || b[s.i] != '"' {
		return nil, false, s.Fail()
	}
	start := s.i + 1
	plain, high := true, false
	for i := start; i < len(b); i++ {
		switch c := b[i]; {
		case c == '"':
			s.i = i + 1
			if high && plain && !utf8.Valid(b[start:i]) {
				plain = false
			}
			return b[start:i], plain, true
		case c == '\\':
			plain = false
			n := escapeLen(b[i+1:])
			if n == 0 {
				return nil, false, s.Fail()
			}
			i += n
		case c < 0x20:
			return nil, false, s.Fail()
		case c >= 0x80:
			high = true
		}
	}
	return nil, false, s.Fail()
}

// escapeLen is the length of a valid escape after its backslash, 0 for an
// invalid one.
func escapeLen(e []byte) int {
	if len(e) == 0 {
		return 0
	}
	switch e[0] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 1
	case 'u':
		if len(e) < 5 {
			return 0
		}
		for _, h := range e[1:5] {
			if !('0' <= h && h <= '9' || 'a' <= h && h <= 'f' || 'A' <= h && h <= 'F') {
				return 0
			}
		}
		return 5
	}
	return 0
}

// String reads a string.
func (s *Scanner) String() (string, bool) {
	start := s.i
	text, plain, ok := s.rawString()
	if !ok {
		return "", false
	}
	if plain {
		return string(text), true
	}
	var out string
	if json.Unmarshal(s.b[start:s.i], &out) != nil {
		return "", s.Fail()
	}
	return out, true
}

// Key reads an object key and its colon. The key's bytes are only valid
// until the scanner's input changes; a key with escapes fails the scan.
func (s *Scanner) Key() ([]byte, bool) {
	text, plain, ok := s.rawString()
	if !ok || !plain {
		return nil, s.Fail()
	}
	s.ws()
	if s.i >= len(s.b) || s.b[s.i] != ':' {
		return nil, s.Fail()
	}
	s.i++
	return text, true
}

// RawString reads a string and returns its text as written, escapes and
// all.
func (s *Scanner) RawString() ([]byte, bool) {
	text, _, ok := s.rawString()
	return text, ok
}

// Interner hands out one string for each distinct short text it is given,
// so that a page's repeated attribute codes, locales, channels, units and
// currencies are allocated once. It holds at most internMax strings.
type Interner map[string]string

const internMax = 4096

// InternString reads a string as String does, returning the interned copy
// of a plain one.
func (s *Scanner) InternString(in Interner) (string, bool) {
	start := s.i
	text, plain, ok := s.rawString()
	if !ok || !plain || len(text) > 64 {
		s.i = start
		return s.String()
	}
	if v, ok := in[string(text)]; ok {
		return v, true
	}
	v := string(text)
	if len(in) < internMax {
		in[v] = v
	}
	return v, true
}
