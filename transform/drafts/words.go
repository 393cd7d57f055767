package drafts

import (
	"math/big"
	"regexp"
	"strings"
	"unicode"
)

// numberWords are the number words of the template locales (en, de, fr);
// germanNumberRe adds the German compounds (fünfundzwanzig, dreizehn).
var numberWords = map[string]bool{}

var germanNumberRe = regexp.MustCompile(`^(?:(?:ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun)und)?(?:zwanzig|dreißig|dreissig|vierzig|fünfzig|sechzig|siebzig|achtzig|neunzig)$|^(?:drei|vier|fünf|sech|sieb|acht|neun)zehn$`)

func init() {
	for _, w := range strings.Fields(`one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
		sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million
		half quarter dozen
		ein eine einen einem einer eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf hundert tausend
		halb halbe halben halber halbes viertel anderthalb eineinhalb dutzend
		un une deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize vingt trente
		quarante cinquante soixante cent cents mille demi demie moitié quart douzaine`) {
		numberWords[w] = true
	}
}

func isNumberWord(lw string) bool { return numberWords[lw] || germanNumberRe.MatchString(lw) }

// spelledAmount returns the phrase when one of the two words before the
// unit or currency word toks[i], in the same phrase, is a number word: "one
// euro", "half a kilogram", "einen Euro".
func spelledAmount(t string, toks [][]int, i int) string {
	for j := i - 1; j >= 0 && j >= i-2; j-- {
		if strings.IndexFunc(t[toks[j][1]:toks[j+1][0]], func(r rune) bool {
			return !unicode.IsSpace(r) && r != '-' && r != '\'' && r != '’'
		}) >= 0 {
			return ""
		}
		if isNumberWord(strings.ToLower(t[toks[j][0]:toks[j][1]])) {
			return t[toks[j][0]:toks[i][1]]
		}
	}
	return ""
}

// parseNumber reads a number as numberRe finds it: a decimal (see decimal),
// a fraction a⁄b, or a whole number and a fraction a+b⁄c.
func parseNumber(s string) (*big.Rat, bool) {
	if !strings.Contains(s, "⁄") {
		return decimal(s)
	}
	whole := new(big.Rat)
	if w, frac, ok := strings.Cut(s, "+"); ok {
		n, ok := decimal(w)
		if !ok {
			return nil, false
		}
		whole, s = n, frac
	}
	num, den, _ := strings.Cut(s, "⁄")
	r, ok := new(big.Rat).SetString(num + "/" + den)
	if !ok {
		return nil, false
	}
	return r.Add(r, whole), true
}
