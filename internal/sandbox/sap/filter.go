package sap

import (
	"fmt"
	"strings"
	"unicode"
)

// pred is a compiled $filter.
type pred func(e entity) bool

// parseFilter compiles the $filter subset SAP's A2X services are used with:
// comparisons (eq ne gt ge lt le) of a property with a literal of the
// property's type (or null), joined by and/or, with parentheses. A property
// the entity type lacks, or a literal not of the property's type, is an error.
func parseFilter(s string, types propTypes) (pred, error) {
	if strings.TrimSpace(s) == "" {
		return func(entity) bool { return true }, nil
	}
	p := &filterParser{toks: tokenize(s), types: types}
	f, err := p.or()
	if err != nil {
		return nil, err
	}
	if p.i < len(p.toks) {
		return nil, fmt.Errorf("unexpected %q at the end of $filter", p.toks[p.i])
	}
	return f, nil
}

type filterParser struct {
	toks  []string
	i     int
	types propTypes
}

func (p *filterParser) peek() string {
	if p.i < len(p.toks) {
		return p.toks[p.i]
	}
	return ""
}

func (p *filterParser) next() string { t := p.peek(); p.i++; return t }

func (p *filterParser) or() (pred, error) {
	l, err := p.and()
	if err != nil {
		return nil, err
	}
	for p.peek() == "or" {
		p.next()
		r, err := p.and()
		if err != nil {
			return nil, err
		}
		a, b := l, r
		l = func(e entity) bool { return a(e) || b(e) }
	}
	return l, nil
}

func (p *filterParser) and() (pred, error) {
	l, err := p.primary()
	if err != nil {
		return nil, err
	}
	for p.peek() == "and" {
		p.next()
		r, err := p.primary()
		if err != nil {
			return nil, err
		}
		a, b := l, r
		l = func(e entity) bool { return a(e) && b(e) }
	}
	return l, nil
}

func (p *filterParser) primary() (pred, error) {
	if p.peek() == "(" {
		p.next()
		f, err := p.or()
		if err != nil {
			return nil, err
		}
		if p.next() != ")" {
			return nil, fmt.Errorf("missing ) in $filter")
		}
		return f, nil
	}
	prop, op, lit := p.next(), p.next(), p.next()
	if prop == "" || lit == "" {
		return nil, fmt.Errorf("incomplete comparison in $filter")
	}
	if err := p.types.check(prop, "$filter"); err != nil {
		return nil, err
	}
	val, err := p.types.literal(prop, lit)
	if err != nil {
		return nil, err
	}
	cmp, ok := map[string]func(int) bool{
		"eq": func(c int) bool { return c == 0 }, "ne": func(c int) bool { return c != 0 },
		"gt": func(c int) bool { return c > 0 }, "ge": func(c int) bool { return c >= 0 },
		"lt": func(c int) bool { return c < 0 }, "le": func(c int) bool { return c <= 0 },
	}[op]
	if !ok {
		return nil, fmt.Errorf("operator %q is not supported in $filter", op)
	}
	return func(e entity) bool {
		v := e.get(prop)
		if v == nil || val == nil {
			return nullCompare(op, v == nil, val == nil)
		}
		c, ok := compare(p.types.value(prop, v), val)
		return ok && cmp(c)
	}, nil
}

// nullCompare is a comparison with null on either side, as OData defines it:
// null equals only null, and gt, ge, lt and le with null are false.
func nullCompare(op string, leftNull, rightNull bool) bool {
	switch op {
	case "eq":
		return leftNull && rightNull
	case "ne":
		return leftNull != rightNull
	}
	return false
}

func tokenize(s string) []string {
	var out []string
	rs := []rune(s)
	for i := 0; i < len(rs); {
		c := rs[i]
		switch {
		case unicode.IsSpace(c):
			i++
		case c == '(' || c == ')':
			out = append(out, string(c))
			i++
		case c == '\'':
			j := i + 1
			for j < len(rs) {
				if rs[j] == '\'' {
					if j+1 < len(rs) && rs[j+1] == '\'' {
						j += 2
						continue
					}
					break
				}
				j++
			}
			out = append(out, string(rs[i:min(j+1, len(rs))]))
			i = j + 1
		default:
			j := i
			for j < len(rs) && !unicode.IsSpace(rs[j]) && rs[j] != '(' && rs[j] != ')' {
				j++
			}
			out = append(out, string(rs[i:j]))
			i = j
		}
	}
	return out
}
