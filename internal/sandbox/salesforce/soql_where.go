package salesforce

import (
	"math/big"
	"strings"
	"time"
)

// cond is a WHERE condition.
type cond interface{ match(r *record) bool }

type andCond []cond
type orCond []cond
type notCond struct{ c cond }

// cmp compares a field with literals: =, !=, <, <=, >, >=, IN, NOT IN, LIKE.
type cmp struct {
	field field
	op    string
	vals  []any // nil, string, bool, *big.Rat, time.Time
}

// expr reads conditions joined by AND or by OR; mixing both on one level
// without parentheses is malformed, as in SOQL.
func (p *parser) expr() (cond, *soqlError) {
	first, err := p.unary()
	if err != nil {
		return nil, err
	}
	parts, join := []cond{first}, ""
	for {
		t := p.peek()
		isAnd, isOr := t.kind == tIdent && strings.EqualFold(t.text, "AND"), t.kind == tIdent && strings.EqualFold(t.text, "OR")
		if !isAnd && !isOr {
			break
		}
		op := strings.ToUpper(t.text)
		if join != "" && op != join {
			return nil, unexpected(t)
		}
		join = op
		p.next()
		c, err := p.unary()
		if err != nil {
			return nil, err
		}
		parts = append(parts, c)
	}
	switch join {
	case "AND":
		return andCond(parts), nil
	case "OR":
		return orCond(parts), nil
	}
	return first, nil
}

// unary reads NOT c, (expr) or a comparison.
func (p *parser) unary() (cond, *soqlError) {
	if p.keyword("NOT") {
		c, err := p.unary()
		return notCond{c}, err
	}
	if p.punct("(") {
		c, err := p.expr()
		if err != nil {
			return nil, err
		}
		if !p.punct(")") {
			return nil, unexpected(p.peek())
		}
		return c, nil
	}
	return p.comparison()
}

// comparison reads field op literal, field [NOT] IN (...) or field LIKE 's'.
func (p *parser) comparison() (cond, *soqlError) {
	t := p.next()
	if t.kind != tIdent {
		return nil, unexpected(t)
	}
	f, err := p.field(t)
	if err != nil {
		return nil, err
	}
	op := p.peek()
	switch {
	case op.kind == tPunct && op.text != "," && op.text != "(" && op.text != ")":
		p.next()
		v, err := p.literal(f)
		return cmp{field: f, op: strings.Replace(op.text, "<>", "!=", 1), vals: []any{v}}, err
	case op.kind == tIdent && strings.EqualFold(op.text, "LIKE"):
		p.next()
		return p.like(f)
	case op.kind == tIdent && strings.EqualFold(op.text, "IN"):
		p.next()
		return p.in(f, "IN")
	case op.kind == tIdent && strings.EqualFold(op.text, "NOT"):
		p.next()
		if !p.keyword("IN") {
			return nil, unexpected(p.peek())
		}
		return p.in(f, "NOT IN")
	}
	return nil, unexpected(op)
}

func (p *parser) like(f field) (cond, *soqlError) {
	t := p.next()
	if t.kind != tString {
		return nil, unexpected(t)
	}
	if f.Kind != kString {
		return nil, &soqlError{code: "INVALID_FIELD", pos: t.pos, msg: "invalid operator on " + kindName(f.Kind) + " field: " + f.Name}
	}
	return cmp{field: f, op: "LIKE", vals: []any{t.text}}, nil
}

func (p *parser) in(f field, op string) (cond, *soqlError) {
	if !p.punct("(") {
		return nil, unexpected(p.peek())
	}
	var vals []any
	for {
		v, err := p.literal(f)
		if err != nil {
			return nil, err
		}
		vals = append(vals, v)
		if p.punct(")") {
			return cmp{field: f, op: op, vals: vals}, nil
		}
		if !p.punct(",") {
			return nil, unexpected(p.peek())
		}
	}
}

// literal reads a value and checks it against the field's type.
func (p *parser) literal(f field) (any, *soqlError) {
	t := p.next()
	if t.kind == tIdent && strings.EqualFold(t.text, "null") {
		return nil, nil
	}
	switch f.Kind {
	case kString, kID:
		return stringLiteral(f, t)
	case kBool:
		if t.kind == tIdent && (strings.EqualFold(t.text, "true") || strings.EqualFold(t.text, "false")) {
			return strings.EqualFold(t.text, "true"), nil
		}
	case kNumber:
		if r, ok := new(big.Rat).SetString(t.text); t.kind == tNumber && ok {
			return r, nil
		}
	case kDateTime:
		return dateTimeLiteral(f, t)
	}
	if t.kind == tIdent || t.kind == tPunct || t.kind == tEOF {
		return nil, unexpected(t)
	}
	return nil, typeError(f, t)
}

func stringLiteral(f field, t tok) (any, *soqlError) {
	if t.kind != tString {
		if t.kind == tIdent || t.kind == tPunct || t.kind == tEOF {
			return nil, unexpected(t)
		}
		return nil, typeError(f, t)
	}
	if f.Kind != kID {
		return t.text, nil
	}
	id, err := normalizeID(t.text)
	if err != nil {
		return nil, &soqlError{code: "INVALID_QUERY_FILTER_OPERATOR", pos: t.pos, msg: "invalid ID field: " + t.text}
	}
	return id, nil
}

func dateTimeLiteral(f field, t tok) (any, *soqlError) {
	if t.kind != tDateTime {
		if t.kind == tIdent || t.kind == tPunct || t.kind == tEOF {
			return nil, unexpected(t)
		}
		return nil, typeError(f, t)
	}
	at, err := time.Parse(time.RFC3339Nano, t.text)
	if err != nil {
		return nil, typeError(f, t)
	}
	return at.UTC(), nil
}

// typeError is Salesforce's INVALID_FIELD for a literal of the wrong type.
func typeError(f field, t tok) *soqlError {
	msg := "value of filter criterion for field '" + f.Name + "' must be of type " + kindName(f.Kind)
	if t.kind == tString {
		msg += " and should not be enclosed in quotes"
	} else if f.Kind == kString || f.Kind == kID {
		msg += " and should be enclosed in quotes"
	}
	return &soqlError{code: "INVALID_FIELD", pos: t.pos, msg: msg}
}

func kindName(k kind) string {
	return map[kind]string{kString: "string", kBool: "boolean", kNumber: "double", kDateTime: "dateTime", kID: "id"}[k]
}
