package salesforce

import (
	"fmt"
	"strings"
)

const (
	base62   = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	checkSet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
)

// makeID returns the n-th 18-character id of an object with the key prefix:
// prefix, the pod "5g00000" and a base-62 counter, plus the case-safe suffix.
func makeID(prefix string, n int) string {
	digits := make([]byte, 5)
	for i := 4; i >= 0; i-- {
		digits[i] = base62[n%62]
		n /= 62
	}
	id15 := prefix + "5g0000" + "0" + string(digits)
	return id15 + checksum(id15)
}

// checksum is the three-character case-safe suffix of a 15-character id:
// for each 5-character chunk, a bit per upper-case letter.
func checksum(id15 string) string {
	out := make([]byte, 3)
	for c := 0; c < 3; c++ {
		v := 0
		for i := 0; i < 5; i++ {
			if ch := id15[c*5+i]; ch >= 'A' && ch <= 'Z' {
				v |= 1 << i
			}
		}
		out[c] = checkSet[v]
	}
	return string(out)
}

// normalizeID accepts a 15- or 18-character id and returns its 18-character
// form; an id of another length, with characters outside base 62 or with a
// suffix that does not match is malformed.
func normalizeID(id string) (string, error) {
	if len(id) != 15 && len(id) != 18 {
		return "", fmt.Errorf("invalid id length %d", len(id))
	}
	for i := 0; i < 15; i++ {
		if !strings.ContainsRune(base62, rune(id[i])) {
			return "", fmt.Errorf("invalid character %q", id[i])
		}
	}
	full := id[:15] + checksum(id[:15])
	if len(id) == 18 && !strings.EqualFold(id[15:], full[15:]) {
		return "", fmt.Errorf("checksum %q does not match", id[15:])
	}
	return full, nil
}
