package privacy

import (
	"regexp"
	"strings"
	"unicode"
)

// Patterns of personal values Text replaces even when it has not learned
// them: e-mail addresses, and phone numbers written internationally (+49 …),
// with an area code in parentheses, or with a trunk 0 and a separator.
var (
	emailPattern = regexp.MustCompile(`[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}`)
	phonePattern = regexp.MustCompile(`\+\d[\d ()./-]{5,}\d|\(\d{2,5}\)[\d ./-]{4,}\d|\b0\d{2,5}[ /]\d{3,}(?:[ -]?\d{2,})*\b`)
	// wordPattern finds words: letters and digits joined by the marks that
	// occur inside names, addresses and numbers.
	wordPattern = regexp.MustCompile(`[\p{L}\p{N}]+(?:[.'@+_-]+[\p{L}\p{N}]+)*`)
)

// maxWords is the most words of one learned value Text recognizes in a row
// (a full name with titles; a whole message is pseudonymized where it is a
// field, not searched for in free text).
const maxWords = 6

// Text returns text with every learned personal value, e-mail address and
// phone number replaced by its token.
func (p *Pseudonymizer) Text(text string) string {
	if text == "" {
		return text
	}
	text = p.learned(text)
	text = emailPattern.ReplaceAllStringFunc(text, p.patternToken)
	return phonePattern.ReplaceAllStringFunc(text, p.patternToken)
}

func (p *Pseudonymizer) patternToken(v string) string {
	if t, ok := p.lookup(trimValue(v)); ok {
		return t
	}
	return p.Token(v)
}

// learned replaces the learned values in text: at each word, the longest
// run of up to maxWords words that is one.
func (p *Pseudonymizer) learned(text string) string {
	if p == nil {
		return text
	}
	spans := wordPattern.FindAllStringIndex(text, -1)
	var b strings.Builder
	last := 0
	for i := 0; i < len(spans); i++ {
		for j := min(i+maxWords, len(spans)) - 1; j >= i; j-- {
			t, ok := p.lookup(text[spans[i][0]:spans[j][1]])
			if !ok {
				continue
			}
			b.WriteString(text[last:spans[i][0]])
			b.WriteString(t)
			last, i = spans[j][1], j
			break
		}
	}
	if last == 0 {
		return text
	}
	b.WriteString(text[last:])
	return b.String()
}

// trimValue drops leading and trailing marks that are not letters or
// digits, as Text's words do (+49 … is found as 49 …).
func trimValue(v string) string {
	return strings.TrimFunc(v, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}
