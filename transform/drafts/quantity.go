package drafts

import (
	"fmt"
	"math/big"
	"strings"
	"unicode"
	"unicode/utf8"
)

// quantity is what a number is attached to: a percent sign or word, a
// currency, or a unit, and where that is.
type quantity struct {
	kind, word, currency string
	unit                 unit
	s, e                 int
}

// quantityAt returns what the number at t[s:e] is attached to: the word or
// symbol right after it, or a currency right before it. A number inside a
// word (SKU77) is attached to nothing.
func quantityAt(t string, s, e int) quantity {
	if r, _ := utf8.DecodeLastRuneInString(t[:s]); unicode.IsLetter(r) {
		return quantity{}
	}
	word, ws, we := after(t, e)
	switch lw := strings.ToLower(word); {
	case percentWords[lw]:
		return quantity{kind: "percent", word: word, s: ws, e: we}
	case currencyWords[lw] != "":
		return quantity{kind: "money", word: word, currency: currencyWords[lw], s: ws, e: we}
	case unitWords[lw] != "":
		return quantity{kind: "metric", word: word, unit: units[unitWords[lw]], s: ws, e: we}
	}
	if cur, cs, ce := currencyBefore(t, s); cur != "" {
		return quantity{kind: "money", word: t[cs:ce], currency: cur, s: cs, e: ce}
	}
	return quantity{}
}

// ground checks a quantity against the fact of its kind.
func (g grounds) ground(n string, q quantity, v *big.Rat) error {
	switch q.kind {
	case "percent":
		return g.percent(n, v)
	case "money":
		return g.money(n, q.currency, v)
	}
	return g.metric(n, q.word, q.unit, v)
}

// inName checks a quantity quoted with the product name: the name is data,
// so a size or percentage in it passes unless a fact of its kind says
// otherwise; a price in it is a price like any other.
func (g grounds) inName(n string, q quantity, v *big.Rat) error {
	switch {
	case q.kind == "money":
		return g.money(n, q.currency, v)
	case q.kind == "metric" && len(g.metrics[q.unit.dim]) > 0:
		return g.metric(n, q.word, q.unit, v)
	}
	return nil
}

func (g grounds) percent(n string, v *big.Rat) error {
	if containsRat(g.percents, v) {
		return nil
	}
	return fmt.Errorf("the percentage %s%% is not stated by any product fact", n)
}

func containsRat(rs []*big.Rat, v *big.Rat) bool {
	for _, r := range rs {
		if r.Cmp(v) == 0 {
			return true
		}
	}
	return false
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
		if !unicode.IsLetter(r) {
			break
		}
		t += size
	}
	return text[s:t], s, t
}

// currencyBefore returns the currency written right before position s
// (€9.90, EUR 9.90) and where it is.
func currencyBefore(text string, s int) (string, int, int) {
	head := strings.TrimRightFunc(text[:s], unicode.IsSpace)
	for sym, cur := range map[string]string{"€": "EUR", "$": "USD", "£": "GBP"} {
		if strings.HasSuffix(head, sym) {
			return cur, len(head) - len(sym), len(head)
		}
	}
	i := strings.LastIndexFunc(head, func(r rune) bool { return !unicode.IsLetter(r) })
	if i >= 0 {
		_, size := utf8.DecodeRuneInString(head[i:])
		i += size
	} else {
		i = 0
	}
	return currencyWords[strings.ToLower(head[i:])], i, len(head)
}
