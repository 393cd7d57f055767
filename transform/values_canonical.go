package transform

import (
	"unicode/utf8"

	"github.com/stewardhq/steward/internal/jsonscan"
)

// canonicalValues reports whether values text is exactly what
// AppendValuesJSON writes for the values it holds, so that decoding and
// encoding it again would give the same bytes: members in the encoder's
// order, empty ones left out, no white space, strings escaped as the
// encoder escapes them. It may refuse text that would in fact come out the
// same; the caller then decodes and encodes.
// The scanner is at the list; the caller checks compact on its text.
func canonicalValues(sc *jsonscan.Scanner) bool {
	return sc.Array(func() bool { return canonicalValue(sc) })
}

// compact reports whether text has no white space outside strings.
func compact(text []byte) bool {
	in := false
	for i := 0; i < len(text); i++ {
		switch c := text[i]; {
		case c == '"':
			in = !in
		case c == '\\':
			i++
		case !in && (c == ' ' || c == '\t' || c == '\n' || c == '\r'):
			return false
		}
	}
	return true
}

func canonicalValue(sc *jsonscan.Scanner) bool {
	next := 0 // index in valueFields the next member may have, at least
	seen := 0
	ok := sc.Peek() == '{' && sc.Object(func(key []byte) bool {
		i := fieldAt(key, next)
		if i < 0 {
			return false
		}
		next, seen = i+1, seen|1<<i
		switch valueFields[i] {
		case "attribute", "kind":
			return canonicalString(sc, true)
		case "amounts":
			return nonEmptyArray(sc, func() bool { return canonicalAmount(sc) })
		case "options":
			return nonEmptyArray(sc, func() bool { return canonicalString(sc, false) })
		case "bool":
			_, ok := sc.Bool()
			return ok
		}
		return canonicalString(sc, false)
	})
	return ok && seen&1 != 0 && seen&(1<<3) != 0 // attribute and kind are always written
}

// fieldAt is the index of key in valueFields when it is at from or later.
func fieldAt(key []byte, from int) int {
	for i := from; i < len(valueFields); i++ {
		if string(key) == valueFields[i] {
			return i
		}
	}
	return -1
}

func nonEmptyArray(sc *jsonscan.Scanner, elem func() bool) bool {
	n := 0
	ok := sc.Array(func() bool {
		n++
		return elem()
	})
	return ok && n > 0
}

func canonicalAmount(sc *jsonscan.Scanner) bool {
	n := 0
	ok := sc.Peek() == '{' && sc.Object(func(key []byte) bool {
		n++
		return (n == 1 && string(key) == "amount" || n == 2 && string(key) == "currency") && canonicalString(sc, true)
	})
	return ok && n == 2
}

// canonicalString reads a string and reports whether the encoder writes it
// so: empty only where allowed (members that are not omitempty), no byte it
// would escape left raw, no escape but the ones it writes.
func canonicalString(sc *jsonscan.Scanner, emptyOK bool) bool {
	if sc.Peek() != '"' {
		return false
	}
	text, ok := sc.RawString()
	if !ok || (len(text) == 0 && !emptyOK) {
		return false
	}
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case c == '<' || c == '>' || c == '&':
			return false
		case c == '\\':
			n := canonicalEscape(text[i+1:])
			if n == 0 {
				return false
			}
			i += 1 + n
			continue
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRune(text[i:])
			if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
				return false
			}
			i += size
			continue
		}
		i++
	}
	return true
}

// canonicalEscape returns the length of an escape (after its backslash)
// that the encoder writes, 0 for any other.
func canonicalEscape(e []byte) int {
	if len(e) == 0 {
		return 0
	}
	switch e[0] {
	case '"', '\\', 'b', 'f', 'n', 'r', 't':
		return 1
	case 'u':
		if len(e) < 5 {
			return 0
		}
		switch u := string(e[1:5]); u {
		case "003c", "003e", "0026", "2028", "2029":
			return 5
		case "0008", "000c", "000a", "000d", "0009":
			return 0
		default:
			if u[:3] == "000" || u[:3] == "001" {
				if h := u[3]; h >= '0' && h <= '9' || h >= 'a' && h <= 'f' {
					return 5
				}
			}
		}
	}
	return 0
}
