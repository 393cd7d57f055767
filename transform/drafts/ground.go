package drafts

import (
	"fmt"
	"math/big"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// grounds are what a draft's numbers may be checked against: typed facts by
// kind, and free-text facts, which ground no number but may be quoted.
type grounds struct {
	metrics  map[string][]metric // by dimension
	price    *money
	percents []*big.Rat
	free     []string
}

type metric struct {
	base  *big.Rat // in the dimension's base unit
	shown string
	code  string
}

type money struct {
	amount   *big.Rat
	currency string
	shown    string
}

var (
	numberRe  = regexp.MustCompile(`\d+(?:[.,]\d+)*`)
	wordRe    = regexp.MustCompile(`[\p{L}µ]+|[€$£]`)
	percentRe = regexp.MustCompile(`^\s*(\d+(?:[.,]\d+)?)\s*(?:%|percent)\s*$`)
)

// groundsOf sorts the facts by kind: metrics (an amount with a known unit
// code in <name>_unit), the ERP price ("<amount> <currency>"), percentages
// (a value such as "20%"), and free text (everything else).
func groundsOf(f Facts) grounds {
	g := grounds{metrics: map[string][]metric{}}
	for k, v := range f {
		if strings.HasSuffix(k, "_unit") || strings.HasSuffix(k, "_symbol") {
			continue
		}
		if u, ok := units[strings.ToUpper(f[k+"_unit"])]; ok {
			if n, ok := decimal(strings.TrimSpace(v)); ok {
				g.metrics[u.dim] = append(g.metrics[u.dim], metric{base: n.Mul(n, u.size), shown: strings.TrimSpace(v) + " " + symbolOf(u.code), code: u.code})
				continue
			}
		}
		if k == "price" {
			if amount, cur, ok := strings.Cut(strings.TrimSpace(v), " "); ok {
				if n, ok := decimal(amount); ok {
					g.price = &money{amount: n, currency: strings.ToUpper(strings.TrimSpace(cur)), shown: v}
					continue
				}
			}
		}
		if m := percentRe.FindStringSubmatch(v); m != nil {
			if n, ok := decimal(m[1]); ok {
				g.percents = append(g.percents, n)
				continue
			}
		}
		if v = strings.TrimSpace(v); v != "" {
			g.free = append(g.free, v)
		}
	}
	return g
}

func symbolOf(code string) string {
	if s, ok := unitSymbols[code]; ok {
		return s
	}
	return strings.ToLower(code)
}

// ground checks every number of a draft by its kind: a number with a unit is
// a quantity equal to a fact of that dimension after conversion; a number with
// a currency is the ERP price in that currency, compared exactly; a
// percentage needs a fact stating it; a bare number may appear only inside a
// verbatim quote of a free-text fact (a product name "Pan 77"), which grounds
// nothing else. A unit or currency word standing alone must be a fact's.
func ground(text string, f Facts) error {
	g := groundsOf(f)
	quoted := make([]bool, len(text))
	for _, v := range g.free {
		for i := 0; ; {
			j := strings.Index(text[i:], v)
			if j < 0 {
				break
			}
			for k := i + j; k < i+j+len(v); k++ {
				quoted[k] = true
			}
			i += j + len(v)
		}
	}
	used := make([]bool, len(text))
	for _, m := range numberRe.FindAllStringIndex(text, -1) {
		if err := g.number(text, m[0], m[1], quoted, used); err != nil {
			return err
		}
	}
	for _, m := range wordRe.FindAllStringIndex(text, -1) {
		if used[m[0]] || quoted[m[0]] {
			continue
		}
		if err := g.word(text[m[0]:m[1]]); err != nil {
			return err
		}
	}
	return nil
}

// number checks the number at text[s:e], marking the unit after it as used.
func (g grounds) number(text string, s, e int, quoted, used []bool) error {
	n := text[s:e]
	value, ok := decimal(n)
	if r, _ := utf8.DecodeLastRuneInString(text[:s]); ok && !unicode.IsLetter(r) {
		word, ws, we := after(text, e)
		switch lw := strings.ToLower(word); {
		case percentWords[lw]:
			markUsed(used, ws, we)
			return g.percent(n, value)
		case currencyWords[lw] != "":
			markUsed(used, ws, we)
			return g.money(n, currencyWords[lw], value)
		case unitWords[lw] != "":
			markUsed(used, ws, we)
			return g.metric(n, word, units[unitWords[lw]], value)
		}
		if cur := currencyBefore(text[:s]); cur != "" {
			return g.money(n, cur, value)
		}
	}
	if covered(quoted, s, e) {
		return nil
	}
	return fmt.Errorf("the number %s is not grounded in the product facts (only a weight, size or price equal to a fact may be stated)", n)
}

func (g grounds) percent(n string, v *big.Rat) error {
	for _, p := range g.percents {
		if p.Cmp(v) == 0 {
			return nil
		}
	}
	return fmt.Errorf("the percentage %s%% is not stated by any product fact", n)
}

func (g grounds) money(n, currency string, v *big.Rat) error {
	if g.price == nil {
		return fmt.Errorf("the price %s %s is not in the product facts (they hold no price)", n, currency)
	}
	if g.price.currency != currency || g.price.amount.Cmp(v) != 0 {
		return fmt.Errorf("the price %s %s is not the ERP price (%s)", n, currency, g.price.shown)
	}
	return nil
}

func (g grounds) metric(n, word string, u unit, v *big.Rat) error {
	facts := g.metrics[u.dim]
	if len(facts) == 0 {
		return fmt.Errorf("the %s %s %s is not in the product facts (they give no %s)", u.dim, n, word, u.dim)
	}
	base := new(big.Rat).Mul(v, u.size)
	shown := make([]string, len(facts))
	for i, m := range facts {
		if m.base.Cmp(base) == 0 {
			return nil
		}
		shown[i] = m.shown
	}
	return fmt.Errorf("the %s %s %s is not the product's %s (%s)", u.dim, n, word, u.dim, strings.Join(shown, ", "))
}

// word checks a unit or currency word that follows no number: it must name
// the unit of a fact, or the price's currency.
func (g grounds) word(w string) error {
	lw := strings.ToLower(w)
	if cur := currencyWords[lw]; cur != "" && (g.price == nil || g.price.currency != cur) {
		return fmt.Errorf("the currency %q is not in the product facts", w)
	}
	code := unitWords[lw]
	if code == "" || shortUnitWords[lw] {
		return nil
	}
	for _, m := range g.metrics[units[code].dim] {
		if m.code == code {
			return nil
		}
	}
	return fmt.Errorf("the unit %q is not in the product facts", w)
}

// after returns the word or symbol after position e, past spaces, and where it is.
func after(text string, e int) (string, int, int) {
	s := e
	for s < len(text) {
		r, size := utf8.DecodeRuneInString(text[s:])
		if !unicode.IsSpace(r) {
			break
		}
		s += size
	}
	if s < len(text) && strings.ContainsAny(text[s:s+1], "%$") {
		return text[s : s+1], s, s + 1
	}
	for _, sym := range []string{"€", "£"} {
		if strings.HasPrefix(text[s:], sym) {
			return sym, s, s + len(sym)
		}
	}
	t := s
	for t < len(text) {
		r, size := utf8.DecodeRuneInString(text[t:])
		if !unicode.IsLetter(r) && r != 'µ' {
			break
		}
		t += size
	}
	return text[s:t], s, t
}

// currencyBefore returns the currency written right before a number (€9.90, EUR 9.90).
func currencyBefore(text string) string {
	text = strings.TrimRightFunc(text, unicode.IsSpace)
	for sym, cur := range map[string]string{"€": "EUR", "$": "USD", "£": "GBP"} {
		if strings.HasSuffix(text, sym) {
			return cur
		}
	}
	i := strings.LastIndexFunc(text, func(r rune) bool { return !unicode.IsLetter(r) })
	return currencyWords[strings.ToLower(text[i+1:])]
}

func markUsed(used []bool, s, e int) {
	for k := s; k < e; k++ {
		used[k] = true
	}
}

func covered(quoted []bool, s, e int) bool {
	for k := s; k < e; k++ {
		if !quoted[k] {
			return false
		}
	}
	return true
}
