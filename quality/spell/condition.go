package spell

// condition is an affix condition: a sequence of characters, "." for any,
// and bracket sets "[abc]" or negated "[^abc]".
type condition []condElem

type condElem struct {
	any, neg bool
	set      []rune
}

func parseCondition(s string) condition {
	if s == "." {
		return nil
	}
	var c condition
	r := []rune(s)
	for k := 0; k < len(r); k++ {
		switch {
		case r[k] == '.':
			c = append(c, condElem{any: true})
		case r[k] == '[':
			e := condElem{}
			k++
			if k < len(r) && r[k] == '^' {
				e.neg = true
				k++
			}
			for ; k < len(r) && r[k] != ']'; k++ {
				e.set = append(e.set, r[k])
			}
			c = append(c, e)
		default:
			c = append(c, condElem{set: []rune{r[k]}})
		}
	}
	return c
}

func (e condElem) match(r rune) bool {
	if e.any {
		return true
	}
	in := false
	for _, x := range e.set {
		if x == r {
			in = true
			break
		}
	}
	return in != e.neg
}

// matchStart reports whether word begins with the condition (prefixes).
func (c condition) matchStart(word string) bool {
	r := []rune(word)
	if len(r) < len(c) {
		return false
	}
	for k, e := range c {
		if !e.match(r[k]) {
			return false
		}
	}
	return true
}

// matchEnd reports whether word ends with the condition (suffixes).
func (c condition) matchEnd(word string) bool {
	r := []rune(word)
	if len(r) < len(c) {
		return false
	}
	off := len(r) - len(c)
	for k, e := range c {
		if !e.match(r[off+k]) {
			return false
		}
	}
	return true
}
