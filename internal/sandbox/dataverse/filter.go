package dataverse

import (
	"math/big"
	"regexp"
	"strings"
	"time"
)

// expr is a parsed $filter: the subset eq ne gt ge lt le, and, or and
// parentheses, with string, number, GUID, date-time and null literals.
type expr interface {
	match(es *entitySet, r *row) bool
}

type logical struct {
	or   bool
	l, r expr
}

func (x logical) match(es *entitySet, r *row) bool {
	if x.or {
		return x.l.match(es, r) || x.r.match(es, r)
	}
	return x.l.match(es, r) && x.r.match(es, r)
}

// compare is "column op literal"; lit is nil for null.
type compare struct {
	col, op string
	lit     any // string, *big.Rat, time.Time or nil
}

var operators = map[string]bool{"eq": true, "ne": true, "gt": true, "ge": true, "lt": true, "le": true}

func (c compare) match(es *entitySet, r *row) bool {
	v := value(es, r, c.col)
	if v == nil || c.lit == nil {
		same := v == nil && c.lit == nil
		return (c.op == "eq" && same) || (c.op == "ne" && !same)
	}
	n, ok := order(es.cols[c.col], v, c.lit)
	if !ok {
		return false
	}
	switch c.op {
	case "eq":
		return n == 0
	case "ne":
		return n != 0
	case "gt":
		return n > 0
	case "ge":
		return n >= 0
	case "lt":
		return n < 0
	}
	return n <= 0
}

// order compares a stored value with a literal of its column's type.
func order(k kind, v, lit any) (int, bool) {
	switch l := lit.(type) {
	case string:
		s, _ := v.(string)
		return foldCmp(s, l), true // text and GUIDs compare ignoring case
	case *big.Rat:
		x, ok := new(big.Rat).SetString(textOf(v))
		if !ok {
			return 0, false
		}
		return x.Cmp(l), true
	case time.Time:
		t, err := time.Parse(time.RFC3339, textOf(v))
		return t.Compare(l), err == nil
	}
	return 0, false
}

func textOf(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case interface{ String() string }:
		return x.String()
	}
	return ""
}

var (
	tokenRE = regexp.MustCompile(`^(?:'(?:[^']|'')*'|\(|\)|[^\s()']+)`)
	guidRE  = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	// numberRE is an OData decimal or double literal without NaN and INF,
	// which no decimal or integer column holds.
	numberRE = regexp.MustCompile(`^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$`)
	dateRE   = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$`)
)

// filterParser is a recursive-descent parser over the $filter tokens.
type filterParser struct {
	es   *entitySet
	src  string
	toks []string
	pos  int
}

func parseFilter(es *entitySet, src string) (expr, *apiError) {
	p := &filterParser{es: es, src: src}
	rest := strings.TrimLeft(src, " \t")
	for rest != "" {
		t := tokenRE.FindString(rest)
		if t == "" {
			return nil, p.syntax()
		}
		p.toks = append(p.toks, t)
		rest = strings.TrimLeft(rest[len(t):], " \t")
	}
	x, err := p.or()
	if err == nil && p.pos != len(p.toks) {
		err = p.syntax()
	}
	return x, err
}

func (p *filterParser) syntax() *apiError {
	at := ""
	if p.pos < len(p.toks) {
		at = " near '" + p.toks[p.pos] + "'"
	}
	return badQuery("Syntax error" + at + " in $filter '" + p.src + "'.")
}

func (p *filterParser) next() string {
	if p.pos >= len(p.toks) {
		return ""
	}
	p.pos++
	return p.toks[p.pos-1]
}

func (p *filterParser) peek() string {
	if p.pos >= len(p.toks) {
		return ""
	}
	return p.toks[p.pos]
}

func (p *filterParser) or() (expr, *apiError) {
	return p.chain("or", p.and)
}

func (p *filterParser) and() (expr, *apiError) {
	return p.chain("and", p.term)
}

func (p *filterParser) chain(op string, sub func() (expr, *apiError)) (expr, *apiError) {
	x, err := sub()
	for err == nil && p.peek() == op {
		p.next()
		var y expr
		if y, err = sub(); err == nil {
			x = logical{or: op == "or", l: x, r: y}
		}
	}
	return x, err
}

func (p *filterParser) term() (expr, *apiError) {
	if p.peek() == "(" {
		p.next()
		x, err := p.or()
		if err == nil && p.next() != ")" {
			err = p.syntax()
		}
		return x, err
	}
	col, op, lit := p.next(), p.next(), p.next()
	k, ok := p.es.cols[col]
	if !ok {
		if col == "" || col == "(" || col == ")" {
			return nil, p.syntax()
		}
		return nil, unknownProperty(p.es, col)
	}
	if !operators[op] || lit == "" {
		return nil, p.syntax()
	}
	v, err := literal(k, lit)
	if err != nil {
		return nil, badQuery("A binary operator with incompatible types was detected: " + col + " " + op + " " + lit + " (" + err.Error() + ").")
	}
	return compare{col: col, op: op, lit: v}, nil
}

type litError string

func (e litError) Error() string { return string(e) }

// literal parses a $filter literal for a column of kind k.
func literal(k kind, lit string) (any, error) {
	if lit == "null" {
		return nil, nil
	}
	switch k {
	case kString:
		if len(lit) < 2 || lit[0] != '\'' || lit[len(lit)-1] != '\'' {
			return nil, litError("a string needs single quotes")
		}
		return strings.ReplaceAll(lit[1:len(lit)-1], "''", "'"), nil
	case kGUID, kLookup:
		if !guidRE.MatchString(lit) {
			return nil, litError("a GUID is written bare, 8-4-4-4-12 hex digits")
		}
		return lit, nil
	case kTime:
		t, err := time.Parse(time.RFC3339Nano, lit)
		if !dateRE.MatchString(lit) || err != nil {
			return nil, litError("a date-time is written unquoted, ISO 8601 with a zone")
		}
		return t, nil
	}
	r, ok := new(big.Rat).SetString(lit)
	if !numberRE.MatchString(lit) || !ok {
		return nil, litError("a number is expected")
	}
	return r, nil
}
