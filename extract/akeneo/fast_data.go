package akeneo

import (
	"strings"

	"github.com/stewardhq/steward/internal/jsonscan"
	"github.com/stewardhq/steward/transform"
)

// fastData reads a value's data into cv by its shape, as canonicalValue
// does; present is false for null. text is the data when it is a string.
func fastData(sc *jsonscan.Scanner, in jsonscan.Interner, cv *transform.Value) (present bool, text string, isText bool, ok bool) {
	switch c := sc.Peek(); {
	case c == 'n':
		return false, "", false, sc.Null()
	case c == '"':
		cv.Kind = transform.KindText
		cv.Text, ok = sc.String()
		return true, cv.Text, true, ok
	case c == 't' || c == 'f':
		b, ok := sc.Bool()
		cv.Kind, cv.Bool = transform.KindBoolean, &b
		return true, "", false, ok
	case c == '{':
		cv.Kind = transform.KindMetric
		return true, "", false, fastMetric(sc, in, cv)
	case c == '[':
		return true, "", false, fastList(sc, in, cv)
	case c == '-' || (c >= '0' && c <= '9'):
		num, ok := sc.Number()
		cv.Kind, cv.Number = transform.KindNumber, string(num)
		return true, "", false, ok
	}
	return false, "", false, sc.Fail()
}

var metricFields = []string{"amount", "unit"}

// fastMetric reads {amount, unit}: both must be there, unit a string.
func fastMetric(sc *jsonscan.Scanner, in jsonscan.Interner, cv *transform.Value) bool {
	seen := 0
	ok := sc.Object(func(key []byte) bool {
		switch {
		case hasKey(key, "amount") && seen&1 == 0:
			seen |= 1
			var ok bool
			cv.Number, ok = fastDecimal(sc)
			return ok
		case hasKey(key, "unit") && seen&2 == 0:
			seen |= 2
			var ok bool
			cv.Unit, ok = sc.InternString(in)
			return ok
		case hasKey(key, metricFields...):
			return false // repeated
		}
		return !foldsToKnown(key, metricFields) && sc.Skip()
	})
	return ok && seen == 3
}

// fastList reads a list of option codes or a price collection.
func fastList(sc *jsonscan.Scanner, in jsonscan.Interner, cv *transform.Value) bool {
	var ok bool
	switch peekFirst(sc) {
	case '"', ']':
		cv.Kind = transform.KindOptions
		cv.Options, ok = stringList(sc)
	case '{':
		cv.Kind = transform.KindPrices
		ok = sc.Array(func() bool { return fastPrice(sc, in, cv) })
	default:
		return sc.Fail()
	}
	return ok
}

// peekFirst returns the first byte of a list's first element (']' when the
// list is empty) without moving the scanner.
func peekFirst(sc *jsonscan.Scanner) byte {
	probe := *sc
	var c byte = ']'
	probe.Array(func() bool {
		c = probe.Peek()
		return probe.Fail()
	})
	return c
}

var priceFields = []string{"amount", "currency"}

// fastPrice reads one {amount, currency}; the currency must be set.
func fastPrice(sc *jsonscan.Scanner, in jsonscan.Interner, cv *transform.Value) bool {
	var p transform.PriceValue
	seen := 0
	ok := sc.Object(func(key []byte) bool {
		switch {
		case hasKey(key, "amount") && seen&1 == 0:
			seen |= 1
			var ok bool
			p.Amount, ok = fastDecimal(sc)
			return ok
		case hasKey(key, "currency") && seen&2 == 0:
			seen |= 2
			var ok bool
			p.Currency, ok = sc.InternString(in)
			return ok
		case hasKey(key, priceFields...):
			return false // repeated
		}
		return !foldsToKnown(key, priceFields) && sc.Skip()
	})
	if !ok || p.Currency == "" {
		return sc.Fail()
	}
	cv.Amounts = append(cv.Amounts, p)
	return true
}

// fastDecimal reads an amount as decimalText does: a number's exact text, a
// string's trimmed text, null as "".
func fastDecimal(sc *jsonscan.Scanner) (string, bool) {
	switch c := sc.Peek(); {
	case c == 'n':
		return "", sc.Null()
	case c == '"':
		s, ok := sc.String()
		return strings.TrimSpace(s), ok
	case c == '-' || (c >= '0' && c <= '9'):
		num, ok := sc.Number()
		return string(num), ok
	}
	return "", sc.Fail()
}
