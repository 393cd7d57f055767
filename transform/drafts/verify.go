package drafts

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxDraftChars bounds a draft's length.
const MaxDraftChars = 2000

// Verify checks a draft against its facts. The draft must be plain text of
// bounded size without markup, HTML entities, links (with or without a
// scheme, however their dots are disguised), instructions addressed to the
// reader or a model (in English, German or French), words mixing scripts, or
// discounts and promotions no fact states; every number in it must be
// written in digits 0-9 and grounded by its kind (see grounds.check). The text is
// read after NFKC normalization, so fullwidth and other compatibility forms
// count as what they look like. The error is a reason a reviewer can read.
func Verify(text string, f Facts) error {
	if strings.TrimSpace(text) == "" {
		return fmt.Errorf("the draft is empty")
	}
	if !utf8.ValidString(text) || utf8.RuneCountInString(text) > MaxDraftChars {
		return fmt.Errorf("the draft is not valid text of at most %d characters", MaxDraftChars)
	}
	t := normalize(text)
	g := groundsOf(f)
	for _, c := range hostile {
		if m := c.find(t); m != "" && (c.stated == nil || !c.stated(m, g)) {
			return fmt.Errorf("the draft contains %s (%s)%s", c.what, trimEdges(m), c.note)
		}
	}
	if err := mixedScripts(t); err != nil {
		return err
	}
	if err := foreignDigits(t); err != nil {
		return err
	}
	return g.check(t)
}

// trimEdges strips the word boundary and punctuation a pattern matched
// around the words it quotes.
func trimEdges(m string) string {
	return strings.TrimFunc(m, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(`.,:!?"'()`, r)
	})
}
