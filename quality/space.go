package quality

import (
	"strings"
	"unicode"
)

// spaceClass is Unicode's White_Space, as unicode.IsSpace and so the trim fix
// define it: tab, line feed, vertical tab, form feed, carriage return, NEL and
// the separators (space, NBSP, U+2000–U+200A, U+2028, U+2029, U+3000, …).
const spaceClass = `\t\n\v\f\r\x{85}\p{Z}`

// unicodeSpaces rewrites \s and \S in a rule's pattern to Unicode whitespace,
// so the pattern and the trim fix agree (RE2's \s is ASCII only). \S inside a
// bracket class cannot be expanded and keeps RE2's meaning.
func unicodeSpaces(p string) string {
	var b strings.Builder
	inClass := false
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '\\' && i+1 < len(p):
			i++
			switch n := p[i]; {
			case n == 's' && inClass:
				b.WriteString(spaceClass)
			case n == 's':
				b.WriteString("[" + spaceClass + "]")
			case n == 'S' && !inClass:
				b.WriteString("[^" + spaceClass + "]")
			case n == 'Q':
				end := strings.Index(p[i:], `\E`)
				if end < 0 {
					end = len(p) - i
				} else {
					end += 2
				}
				b.WriteString(`\` + p[i:i+end])
				i += end - 1
			default:
				b.WriteByte('\\')
				b.WriteByte(n)
			}
			continue
		case c == '[' && !inClass:
			inClass = true
			b.WriteByte(c)
			if strings.HasPrefix(p[i+1:], "^") {
				b.WriteByte('^')
				i++
			}
			if strings.HasPrefix(p[i+1:], "]") {
				b.WriteByte(']')
				i++
			}
			continue
		case c == '[' && strings.HasPrefix(p[i:], "[:"):
			if end := strings.Index(p[i+2:], ":]"); end >= 0 {
				b.WriteString(p[i : i+end+4])
				i += end + 3
				continue
			}
		case c == ']' && inClass:
			inClass = false
		}
		b.WriteByte(c)
	}
	return b.String()
}

// trimSpace trims Unicode whitespace from both ends and keeps inner whitespace.
func trimSpace(s string) string { return strings.TrimFunc(s, unicode.IsSpace) }

// blank reports whether a text holds only Unicode whitespace.
func blank(s string) bool { return trimSpace(s) == "" }
