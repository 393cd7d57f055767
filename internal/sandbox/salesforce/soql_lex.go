package salesforce

import (
	"fmt"
	"regexp"
	"strings"
)

// tokKind is a SOQL token's kind.
type tokKind int

const (
	tEOF tokKind = iota
	tIdent
	tString
	tNumber
	tDateTime
	tDate
	tPunct
)

// tok is one SOQL token; pos is its byte offset in the query.
type tok struct {
	kind tokKind
	text string // as written (the unescaped value for strings)
	pos  int
}

var (
	reDateTime = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})`)
	reDate     = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}`)
	reNumber   = regexp.MustCompile(`^[+-]?\d+(\.\d+)?`)
	reIdent    = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_.]*`)
)

var puncts = []string{"!=", "<>", "<=", ">=", "=", "<", ">", ",", "(", ")"}

// lex splits a SOQL query into tokens.
func lex(q string) ([]tok, *soqlError) {
	var out []tok
	for i := 0; i < len(q); {
		if strings.ContainsRune(" \t\r\n", rune(q[i])) {
			i++
			continue
		}
		t, n, err := lexOne(q, i)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
		i += n
	}
	return append(out, tok{kind: tEOF, text: "<EOF>", pos: len(q)}), nil
}

// lexOne reads the token at i and its length.
func lexOne(q string, i int) (tok, int, *soqlError) {
	rest := q[i:]
	if rest[0] == '\'' {
		return lexString(q, i)
	}
	for _, m := range []struct {
		re   *regexp.Regexp
		kind tokKind
	}{{reDateTime, tDateTime}, {reDate, tDate}, {reNumber, tNumber}, {reIdent, tIdent}} {
		if s := m.re.FindString(rest); s != "" {
			return tok{kind: m.kind, text: s, pos: i}, len(s), nil
		}
	}
	for _, p := range puncts {
		if strings.HasPrefix(rest, p) {
			return tok{kind: tPunct, text: p, pos: i}, len(p), nil
		}
	}
	return tok{}, 0, malformed(i, fmt.Sprintf("unexpected token: '%c'", rest[0]))
}

// lexString reads a quoted literal with SOQL's backslash escapes; \% and \_
// stay escaped for LIKE.
func lexString(q string, start int) (tok, int, *soqlError) {
	var b strings.Builder
	for i := start + 1; i < len(q); i++ {
		switch c := q[i]; c {
		case '\'':
			return tok{kind: tString, text: b.String(), pos: start}, i + 1 - start, nil
		case '\\':
			if i+1 >= len(q) {
				return tok{}, 0, malformed(i, "Invalid string literal: the escape sequence ends the query")
			}
			i++
			e, ok := map[byte]string{'n': "\n", 'r': "\r", 't': "\t", 'b': "\b", 'f': "\f", '"': "\"", '\'': "'",
				'\\': "\\", '%': `\%`, '_': `\_`}[q[i]]
			if !ok {
				return tok{}, 0, malformed(i-1, "Invalid string literal '\\"+string(q[i])+"'. Illegal character sequence '\\"+string(q[i])+"' in string literal.")
			}
			b.WriteString(e)
		default:
			b.WriteByte(c)
		}
	}
	return tok{}, 0, malformed(start, "unexpected token: the string literal is not closed")
}

// soqlError is a query error with its errorCode and position.
type soqlError struct {
	code string
	msg  string
	pos  int
}

func malformed(pos int, msg string) *soqlError {
	return &soqlError{code: "MALFORMED_QUERY", msg: msg, pos: pos}
}

// message renders the error as Salesforce does: the query line, a caret
// under the position, the row and column, then the message.
func (e *soqlError) message(q string) string {
	row, col, lineStart := 1, 1, 0
	for i := 0; i < e.pos && i < len(q); i++ {
		if q[i] == '\n' {
			row, lineStart = row+1, i+1
		}
	}
	col = e.pos - lineStart + 1
	line, _, _ := strings.Cut(q[lineStart:], "\n")
	return fmt.Sprintf("\n%s\n%s^\nERROR at Row:%d:Column:%d\n%s", line, strings.Repeat(" ", col-1), row, col, e.msg)
}
