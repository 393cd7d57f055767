package jsonscan

import (
	"strings"
	"unicode/utf8"
)

// MayFold reports whether encoding/json might match key to one of names:
// the same but for case, or any key beyond ASCII (Unicode folds "ſ" to
// "s"). A one-pass reader that meets such a key leaves the answer to
// encoding/json, so that both read it the same way.
func MayFold(key []byte, names ...string) bool {
	for _, c := range key {
		if c >= utf8.RuneSelf {
			return true
		}
	}
	for _, n := range names {
		if len(n) == len(key) && strings.EqualFold(string(key), n) {
			return true
		}
	}
	return false
}

// Once marks bit in seen, false when it already was: a one-pass reader
// meeting a key again leaves the answer to encoding/json.
func Once(seen *int, bit int) bool {
	if *seen&bit != 0 {
		return false
	}
	*seen |= bit
	return true
}
