package jsonscan

// Object reads an object, calling member for each key with the scanner at
// the member's value, which member must read (or Skip).
func (s *Scanner) Object(member func(key []byte) bool) bool {
	if s.Peek() != '{' {
		return s.Fail()
	}
	s.i++
	if s.Peek() == '}' {
		s.i++
		return true
	}
	for {
		k, ok := s.Key()
		if !ok || !member(k) || s.failed {
			return s.Fail()
		}
		switch s.Peek() {
		case ',':
			s.i++
		case '}':
			s.i++
			return true
		default:
			return s.Fail()
		}
	}
}

// Array reads an array, calling elem with the scanner at each element,
// which elem must read (or Skip).
func (s *Scanner) Array(elem func() bool) bool {
	if s.Peek() != '[' {
		return s.Fail()
	}
	s.i++
	if s.Peek() == ']' {
		s.i++
		return true
	}
	for {
		if !elem() || s.failed {
			return s.Fail()
		}
		switch s.Peek() {
		case ',':
			s.i++
		case ']':
			s.i++
			return true
		default:
			return s.Fail()
		}
	}
}

// Skip reads over any value, checking it.
func (s *Scanner) Skip() bool { return s.skip(0) }

func (s *Scanner) skip(depth int) bool {
	if depth > MaxDepth {
		return s.Fail()
	}
	switch s.Peek() {
	case '{':
		return s.Object(func([]byte) bool { return s.skip(depth + 1) })
	case '[':
		return s.Array(func() bool { return s.skip(depth + 1) })
	case '"':
		_, _, ok := s.rawString()
		return ok
	case 't', 'f':
		_, ok := s.Bool()
		return ok
	case 'n':
		return s.Null()
	}
	_, ok := s.Number()
	return ok
}

// Raw reads over any value as Skip does and returns its text, a slice of
// the input (no copy); ok is false when the value does not read.
func (s *Scanner) Raw() (v []byte, ok bool) {
	s.Peek()
	from := s.i
	if !s.Skip() {
		return nil, false
	}
	return s.b[from:s.i], true
}
