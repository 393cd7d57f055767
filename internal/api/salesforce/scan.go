package salesforce

import (
	"errors"
	"fmt"
)

// errUnbalanced marks a body whose brackets or strings do not close.
var errUnbalanced = errors.New("unbalanced JSON")

// envelope is a query page split without decoding its records: the top-level
// members' raw values, and the records array cut into its elements, so that
// one record that cannot be decoded (a raw control byte in a string, nesting
// deeper than the decoder allows) spoils only itself.
type envelope struct {
	members map[string][]byte
	records [][]byte
	// hasRecords is false when the page has no records array (missing, null
	// or not an array).
	hasRecords bool
}

// splitEnvelope scans body as a JSON object without validating its values.
func splitEnvelope(body []byte) (envelope, error) {
	env := envelope{members: map[string][]byte{}}
	s := scanner{b: body}
	s.space()
	if !s.eat('{') {
		return env, fmt.Errorf("page is not a JSON object")
	}
	for {
		s.space()
		if s.eat('}') {
			return env, nil
		}
		key, err := s.key()
		if err != nil {
			return env, err
		}
		s.space()
		start := s.i
		if key == "records" && s.peek() == '[' {
			env.hasRecords = true
			if env.records, err = s.elements(); err != nil {
				return env, err
			}
		} else if err = s.value(); err != nil {
			return env, err
		}
		env.members[key] = body[start:s.i]
		s.space()
		s.eat(',')
	}
}

type scanner struct {
	b []byte
	i int
}

func (s *scanner) peek() byte {
	if s.i < len(s.b) {
		return s.b[s.i]
	}
	return 0
}

func (s *scanner) eat(c byte) bool {
	if s.peek() == c && s.i < len(s.b) {
		s.i++
		return true
	}
	return false
}

func (s *scanner) space() {
	for s.i < len(s.b) && (s.b[s.i] == ' ' || s.b[s.i] == '\n' || s.b[s.i] == '\r' || s.b[s.i] == '\t') {
		s.i++
	}
}

// key reads a member name and its colon.
func (s *scanner) key() (string, error) {
	start := s.i
	if err := s.str(); err != nil {
		return "", err
	}
	k := string(s.b[start+1 : s.i-1])
	s.space()
	if !s.eat(':') {
		return "", fmt.Errorf("member %q: %w: no colon at byte %d", k, errUnbalanced, s.i)
	}
	return k, nil
}

// str skips a string starting at s.i.
func (s *scanner) str() error {
	if !s.eat('"') {
		return fmt.Errorf("%w: string expected at byte %d", errUnbalanced, s.i)
	}
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case '\\':
			s.i += 2
			continue
		case '"':
			s.i++
			return nil
		}
		s.i++
	}
	return fmt.Errorf("%w: string not closed", errUnbalanced)
}

// value skips one value of any kind, counting brackets only.
func (s *scanner) value() error {
	depth := 0
	for s.i < len(s.b) {
		switch c := s.b[s.i]; c {
		case '"':
			if err := s.str(); err != nil {
				return err
			}
			if depth == 0 {
				return nil
			}
			continue
		case '[', '{':
			depth++
		case ']', '}':
			if depth == 0 {
				return nil
			}
			depth--
			if depth == 0 {
				s.i++
				return nil
			}
		case ',':
			if depth == 0 {
				return nil
			}
		}
		s.i++
	}
	if depth != 0 {
		return fmt.Errorf("%w: value not closed", errUnbalanced)
	}
	return nil
}

// elements splits the array at s.i into its elements' bytes.
func (s *scanner) elements() ([][]byte, error) {
	s.eat('[')
	var out [][]byte
	for {
		s.space()
		if s.eat(']') {
			return out, nil
		}
		start := s.i
		if err := s.value(); err != nil {
			return nil, err
		}
		if s.i == start {
			return nil, fmt.Errorf("%w: empty element at byte %d", errUnbalanced, s.i)
		}
		out = append(out, s.b[start:s.i])
		s.space()
		s.eat(',')
	}
}
