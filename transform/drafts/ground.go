package drafts

import (
	"fmt"
	"math/big"
	"regexp"
	"strings"
)

// grounds are what a draft's numbers may be checked against: typed facts by
// kind, and free-text facts, which ground no number but may be quoted.
type grounds struct {
	metrics   map[string][]metric // by dimension
	price     *money
	percents  []*big.Rat
	discounts []*big.Rat // the percentages of facts named as a discount
	free      []string
	name      string
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
	// numberRe reads 0.4, 1.234,5, 1⁄2 and 1+1⁄2 (as normalize writes 1½).
	numberRe  = regexp.MustCompile(`\d+⁄\d+|\d+(?:[.,]\d+)*(?:\+\d+⁄\d+)?`)
	wordRe    = regexp.MustCompile(`\p{L}+|[€$£%]`)
	percentRe = regexp.MustCompile(`^\s*(\d+(?:[.,]\d+)?)\s*(?:%|percent)\s*$`)
)

// groundsOf sorts the facts by kind: metrics (an amount with a known unit
// code in <name>_unit), the ERP price ("<amount> <currency>"), percentages
// (a value such as "20%"), and free text (everything else, the name among
// it). Values are read as the draft is, after normalize.
func groundsOf(f Facts) grounds {
	g := grounds{metrics: map[string][]metric{}}
	for k, v := range f {
		if strings.HasSuffix(k, "_unit") || strings.HasSuffix(k, "_symbol") {
			continue
		}
		v = strings.TrimSpace(normalize(v))
		if g.addMetric(v, f[k+"_unit"]) || k == "price" && g.addPrice(v) || g.addPercent(k, v) || v == "" {
			continue
		}
		g.free = append(g.free, v)
		if k == "name" {
			g.name = v
		}
	}
	return g
}

func (g *grounds) addPercent(k, v string) bool {
	m := percentRe.FindStringSubmatch(v)
	if m == nil {
		return false
	}
	n, ok := decimal(m[1])
	if !ok {
		return false
	}
	g.percents = append(g.percents, n)
	if namesDiscount(k) {
		g.discounts = append(g.discounts, n)
	}
	return true
}

func (g *grounds) addMetric(v, code string) bool {
	u, ok := units[strings.ToUpper(code)]
	n, ok2 := decimal(v)
	if !ok || !ok2 {
		return false
	}
	g.metrics[u.dim] = append(g.metrics[u.dim], metric{base: n.Mul(n, u.size), shown: v + " " + symbolOf(u.code), code: u.code})
	return true
}

func (g *grounds) addPrice(v string) bool {
	amount, cur, ok := strings.Cut(v, " ")
	n, ok2 := decimal(amount)
	if !ok || !ok2 {
		return false
	}
	g.price = &money{amount: n, currency: strings.ToUpper(strings.TrimSpace(cur)), shown: v}
	return true
}

// namesDiscount reports whether a fact's name says it holds a discount.
func namesDiscount(k string) bool {
	k = strings.ToLower(k)
	return strings.Contains(k, "discount") || strings.Contains(k, "rabatt") || strings.Contains(k, "remise")
}

func symbolOf(code string) string {
	if s, ok := unitSymbols[code]; ok {
		return s
	}
	return strings.ToLower(code)
}

// check grounds every number of a normalized draft by its kind: a number
// with a unit is a quantity equal to a fact of that dimension after
// conversion; a number with a currency is the ERP price in that currency,
// compared exactly; a percentage needs a typed fact stating it; a bare number
// may appear only inside a verbatim quote of a free-text fact (a product name
// "Pan 77"), which grounds nothing else. A quantity wholly inside a quote of
// the name passes unless it contradicts the fact of its kind (a "Pan 77 kg"
// weighing 0.4 kg). A unit or currency word must be attached to a number,
// never to a number word ("one euro").
func (g grounds) check(t string) error {
	quoted := spans(t, g.free)
	var names []string
	if g.name != "" {
		names = []string{g.name}
	}
	named := spans(t, names)
	used := make([]bool, len(t))
	for _, m := range numberRe.FindAllStringIndex(t, -1) {
		if err := g.number(t, m[0], m[1], quoted, named, used); err != nil {
			return err
		}
	}
	toks := wordRe.FindAllStringIndex(t, -1)
	for i, m := range toks {
		if used[m[0]] {
			continue
		}
		if err := g.word(t, toks, i, quoted[m[0]]); err != nil {
			return err
		}
	}
	return nil
}

// spans marks the bytes of t inside a verbatim copy of one of vs.
func spans(t string, vs []string) []bool {
	in := make([]bool, len(t))
	for _, v := range vs {
		for i := 0; ; {
			j := strings.Index(t[i:], v)
			if j < 0 {
				break
			}
			markUsed(in, i+j, i+j+len(v))
			i += j + len(v)
		}
	}
	return in
}

// number checks the number at t[s:e], marking the unit or currency it is
// attached to as used.
func (g grounds) number(t string, s, e int, quoted, named, used []bool) error {
	n := t[s:e]
	value, ok := parseNumber(n)
	if q := quantityAt(t, s, e); ok && q.kind != "" {
		markUsed(used, q.s, q.e)
		if covered(named, min(s, q.s), max(e, q.e)) {
			return g.inName(n, q, value)
		}
		return g.ground(n, q, value)
	}
	if covered(quoted, s, e) {
		return nil
	}
	return fmt.Errorf("the number %s is not grounded in the product facts (only a weight, size or price equal to a fact may be stated)", n)
}

// word checks the unit, currency or percent word toks[i], attached to no
// number: next to a number word it is an amount in words; otherwise it
// passes only inside a quoted fact or when it is an everyday word that
// names a unit only right after a number (feet, ton, m).
func (g grounds) word(t string, toks [][]int, i int, quoted bool) error {
	w := t[toks[i][0]:toks[i][1]]
	lw := strings.ToLower(w)
	what := wordKind(lw)
	if what == "" {
		return nil
	}
	if phrase := spelledAmount(t, toks, i); phrase != "" {
		return fmt.Errorf("the amount %q is written in words; amounts must be written in digits so they can be checked against the facts", phrase)
	}
	if quoted || looseUnitWords[lw] {
		return nil
	}
	return fmt.Errorf("the %s %q stands without a number; only a weight, size or price equal to a fact may be stated", what, w)
}

// wordKind says whether a word names a currency, a percentage or a unit.
func wordKind(lw string) string {
	switch {
	case currencyWords[lw] != "":
		return "currency"
	case percentWords[lw]:
		return "percentage"
	case unitWords[lw] != "":
		return "unit"
	}
	return ""
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
