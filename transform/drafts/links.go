package drafts

import (
	"regexp"
	"strings"
)

// dotFolds undo the ways a host name's dots are disguised: [.] (.) {.} [dot],
// "example dot com", "evil . com", ideographic full stops, middle dots between
// letters, a known top-level domain in lower case after ". " ("evil. com").
// NFKC has already made fullwidth dots plain.
var dotFolds = []struct {
	re   *regexp.Regexp
	with string
}{
	{regexp.MustCompile(`(?i)\s*[\[({<]\s*(?:\.|dot|punkt|point)\s*[\])}>]\s*`), "."},
	{regexp.MustCompile(`(?i)\s+dot\s+(com|net|org|info|biz|io|co|me|app|dev|xyz|top|site|online|shop|store|de|fr|uk|eu|us|ru|cn|example)\b`), ".$1"},
	{regexp.MustCompile(`([\p{L}\p{N}])[^\S\n]+\.[^\S\n]*([\p{L}\p{N}])`), "$1.$2"},
	{regexp.MustCompile(`[。︒]`), "."},
	{regexp.MustCompile(`([\p{L}\p{N}])[·•∙⋅‧⸱⸳・]([\p{L}\p{N}])`), "$1.$2"},
	{regexp.MustCompile(`([\p{L}\p{N}])\.[^\S\n]+(com|net|org|info|io|shop|store|de|fr|uk|eu|ru|example)\b`), "$1.$2"},
}

// foldDots returns t with disguised dots written as dots.
func foldDots(t string) string {
	for _, f := range dotFolds {
		t = f.re.ReplaceAllString(t, f.with)
	}
	return t
}

var (
	// hostRe is a host name's shape: labels of letters or digits joined by
	// dots, ending in a label of letters (any top-level domain, any script)
	// or a punycode one, with the path after it.
	hostRe = regexp.MustCompile(`[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?(?:\.[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?)*\.(?:\p{L}{2,}|(?i:xn--)[\p{L}\p{N}-]+)(?:[/?#:]\S*)?`)
	// linkRe is a scheme (any word before ://, or one that runs code or
	// opens a program) or an e-mail-like x@y.
	linkRe = regexp.MustCompile(`(?i)[\p{L}\p{N}+.-]+://\S*|\b(?:javascript|vbscript|mailto|https?|ftp)\s*:\S*|\b(?:data|file|tel|sms):\S+|[\p{L}\p{N}._%+-]*@[\p{L}\p{N}]\S*`)
)

// abbreviations hold dots inside a word in ordinary product text.
var abbreviations = map[string]bool{}

func init() {
	for _, a := range strings.Fields(`e.g i.e z.b d.h u.a o.ä s.o u.u v.a p.ex c.-à-d ca approx nr no vs etc inkl bzw ggf max min`) {
		abbreviations[a] = true
	}
}

// findLink returns the first link in t: a scheme, an e-mail address or a host
// name, after the disguises of its dots are undone. Abbreviations such as
// "e.g." and "z.B." are not host names.
func findLink(t string) string {
	t = foldDots(t)
	if m := linkRe.FindString(t); m != "" {
		return strings.TrimRight(m, ".,;:!?)")
	}
	for _, loc := range hostRe.FindAllStringIndex(t, -1) {
		m := strings.TrimRight(t[loc[0]:loc[1]], ".,;:!?)")
		if !abbreviations[strings.ToLower(strings.TrimRight(m, "."))] {
			return m
		}
	}
	return ""
}
