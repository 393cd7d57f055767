package drafts

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// MaxDraftChars bounds a draft's length.
const MaxDraftChars = 2000

// Verify checks a draft against its facts. The draft must be plain text of
// bounded size without markup, links, instructions addressed to the reader or
// a model, or advertising of discounts; every number in it must be grounded by
// its kind (see ground). The error is a reason a reviewer can read.
func Verify(text string, f Facts) error {
	if strings.TrimSpace(text) == "" {
		return fmt.Errorf("the draft is empty")
	}
	if !utf8.ValidString(text) || utf8.RuneCountInString(text) > MaxDraftChars {
		return fmt.Errorf("the draft is not valid text of at most %d characters", MaxDraftChars)
	}
	for _, c := range hostile {
		if m := c.re.FindString(text); m != "" && !(c.unlessFact != "" && hasFactLike(f, c.unlessFact)) {
			return fmt.Errorf("the draft contains %s (%s)%s", c.what, strings.TrimSpace(m), c.note)
		}
	}
	if m := bareDomain(text); m != "" {
		return fmt.Errorf("the draft contains a link (%s)", m)
	}
	return ground(text, f)
}

// hostileCheck is a pattern a draft must not contain, unless a fact whose
// name contains unlessFact states it.
type hostileCheck struct {
	what, note string
	re         *regexp.Regexp
	unlessFact string
}

// hostile lists what no draft may contain, in the order they are reported.
var hostile = []hostileCheck{
	{what: "markup", re: regexp.MustCompile(`[<>]`)},
	{what: "markdown", re: regexp.MustCompile("\\[[^\\]]*\\]\\([^)]*\\)?|\\*\\*|__|`|(?m)^\\s*#+\\s")},
	{what: "a link", re: regexp.MustCompile(`(?i)\b(?:https?|ftp|javascript|vbscript|data|mailto|file)\s*:\S*|\bwww\.\S*|\S+@\S+\.\S+`)},
	{what: "an instruction to the reader or model", re: regexp.MustCompile(
		`(?i)\b(?:ignore|disregard|forget|override|bypass)\b[^.!?\n]{0,40}\b(?:instructions?|prompts?|rules?|above|previous|prior|earlier)\b` +
			`|\b(?:system|assistant|developer)\s*:` +
			`|\b(?:you are now|you must|as an ai|as a language model|new instructions?|write the price)\b`)},
	{what: "a discount or special price", note: " that no product fact states", unlessFact: "discount", re: regexp.MustCompile(
		`(?i)\d+(?:[.,]\d+)?\s*%\s*(?:off|discount|rabatt|de réduction|reduziert)\b` +
			`|\b(?:discount(?:ed)?|special (?:price|offer)|on sale|sale price|clearance|save up to|limited offer|sonderpreis|rabatt|reduziert|angebot|remise|soldes|promo(?:tion)?)\b` +
			`|\bonly\s+(?:[€$£]\s*)?\d+(?:[.,]\d+)?`)},
}

// domainRe finds host names written without a scheme; tlds says which are links.
var domainRe = regexp.MustCompile(`(?i)\b[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.([a-z]{2,24})\b(/\S*)?`)

var tlds = map[string]bool{}

func init() {
	for _, t := range strings.Fields(`com net org info biz io co me tv ly app dev xyz top site online shop store club link click
		de fr uk es it nl be at ch eu us ca au ru cn jp pl se no dk fi pt cz in br example test invalid localhost local`) {
		tlds[t] = true
	}
}

// bareDomain returns a host name (with its path) written without a scheme:
// one followed by a path, or one ending in a known top-level domain.
func bareDomain(text string) string {
	for _, m := range domainRe.FindAllStringSubmatch(text, -1) {
		if m[2] != "" || tlds[strings.ToLower(m[1])] {
			return m[0]
		}
	}
	return ""
}

// hasFactLike reports whether a fact whose name contains part has a value.
func hasFactLike(f Facts, part string) bool {
	for k, v := range f {
		if strings.Contains(strings.ToLower(k), part) && strings.TrimSpace(v) != "" {
			return true
		}
	}
	return false
}
