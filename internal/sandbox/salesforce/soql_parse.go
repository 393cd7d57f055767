package salesforce

import (
	"strconv"
	"strings"
)

// soql is a parsed query.
type soql struct {
	obj    *object
	fields []string // canonical names, in SELECT order
	where  cond     // nil: every row
	order  []orderKey
	limit  int // -1: none
}

type orderKey struct {
	field      field
	desc       bool
	nullsFirst bool
}

// parser reads tokens of one query.
type parser struct {
	toks []tok
	i    int
	obj  *object
	sch  schema // the org's objects
}

func (p *parser) peek() tok { return p.toks[p.i] }
func (p *parser) next() tok { t := p.toks[p.i]; p.i = min(p.i+1, len(p.toks)-1); return t }

// keyword reports whether the next token is keyword kw and consumes it.
func (p *parser) keyword(kw string) bool {
	if t := p.peek(); t.kind == tIdent && strings.EqualFold(t.text, kw) {
		p.next()
		return true
	}
	return false
}

func (p *parser) punct(s string) bool {
	if t := p.peek(); t.kind == tPunct && t.text == s {
		p.next()
		return true
	}
	return false
}

func unexpected(t tok) *soqlError { return malformed(t.pos, "unexpected token: '"+t.text+"'") }

// parseSOQL parses the supported subset:
// SELECT f, ... FROM Obj [WHERE c] [ORDER BY f [ASC|DESC] [NULLS FIRST|LAST], ...] [LIMIT n].
func parseSOQL(q string, sch schema) (*soql, *soqlError) {
	toks, err := lex(q)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks, sch: sch}
	if !p.keyword("SELECT") {
		return nil, unexpected(p.peek())
	}
	selected, err := p.selectList()
	if err != nil {
		return nil, err
	}
	if err := p.from(); err != nil {
		return nil, err
	}
	s := &soql{obj: p.obj, limit: -1}
	if s.fields, err = p.resolve(selected); err != nil {
		return nil, err
	}
	if err := p.clauses(s); err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		return nil, unexpected(t)
	}
	return s, nil
}

// selectList reads the field tokens up to FROM.
func (p *parser) selectList() ([]tok, *soqlError) {
	var out []tok
	for {
		t := p.next()
		if t.kind != tIdent || strings.EqualFold(t.text, "FROM") {
			return nil, unexpected(t)
		}
		out = append(out, t)
		if !p.punct(",") {
			return out, nil
		}
	}
}

// from reads FROM Obj.
func (p *parser) from() *soqlError {
	if !p.keyword("FROM") {
		return unexpected(p.peek())
	}
	t := p.next()
	if t.kind != tIdent {
		return unexpected(t)
	}
	o, ok := p.sch.lookup(t.text)
	if !ok {
		return &soqlError{code: "INVALID_TYPE", pos: t.pos, msg: "sObject type '" + t.text +
			"' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names."}
	}
	p.obj = o
	return nil
}

// resolve checks the selected fields against the object.
func (p *parser) resolve(toks []tok) ([]string, *soqlError) {
	seen := map[string]bool{}
	var out []string
	for _, t := range toks {
		f, err := p.field(t)
		if err != nil {
			return nil, err
		}
		if seen[f.Name] {
			return nil, malformed(t.pos, "duplicate field selected: "+f.Name)
		}
		seen[f.Name] = true
		out = append(out, f.Name)
	}
	return out, nil
}

// field resolves a field token on the query's object.
func (p *parser) field(t tok) (field, *soqlError) {
	if rel, _, dotted := strings.Cut(t.text, "."); dotted {
		return field{}, &soqlError{code: "INVALID_FIELD", pos: t.pos, msg: "Didn't understand relationship '" + rel +
			"' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names."}
	}
	f, ok := p.obj.field(t.text)
	if !ok {
		return field{}, &soqlError{code: "INVALID_FIELD", pos: t.pos, msg: "No such column '" + t.text + "' on entity '" + p.obj.Name +
			"'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names."}
	}
	return f, nil
}

// clauses reads WHERE, ORDER BY and LIMIT, in that order.
func (p *parser) clauses(s *soql) *soqlError {
	var err *soqlError
	if p.keyword("WHERE") {
		if s.where, err = p.expr(); err != nil {
			return err
		}
	}
	if p.keyword("ORDER") {
		if !p.keyword("BY") {
			return unexpected(p.peek())
		}
		if s.order, err = p.orderBy(); err != nil {
			return err
		}
	}
	if p.keyword("LIMIT") {
		t := p.next()
		n, perr := strconv.Atoi(t.text)
		if t.kind != tNumber || perr != nil || n < 0 {
			return unexpected(t)
		}
		s.limit = n
	}
	return nil
}

// orderBy reads f [ASC|DESC] [NULLS FIRST|LAST], ...
func (p *parser) orderBy() ([]orderKey, *soqlError) {
	var out []orderKey
	for {
		t := p.next()
		if t.kind != tIdent {
			return nil, unexpected(t)
		}
		f, err := p.field(t)
		if err != nil {
			return nil, err
		}
		k := orderKey{field: f}
		if p.keyword("DESC") {
			k.desc = true
		} else {
			p.keyword("ASC")
		}
		k.nullsFirst = !k.desc
		if p.keyword("NULLS") {
			switch {
			case p.keyword("FIRST"):
				k.nullsFirst = true
			case p.keyword("LAST"):
				k.nullsFirst = false
			default:
				return nil, unexpected(p.peek())
			}
		}
		out = append(out, k)
		if !p.punct(",") {
			return out, nil
		}
	}
}
