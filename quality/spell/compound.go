package spell

// maxWordBytes is the length from which hunspell rejects a word unlooked-up:
// hunspell 1.7 refuses words of MAXWORDUTF8LEN (3 × MAXWORDLEN = 300) bytes
// or more (a 296-byte German compound passes `hunspell -d de_DE -l`, a
// 300-byte one does not). Checking a longer run of letters (a pasted slug,
// a sentence without spaces) would only cost time.
const maxWordBytes = 300

// compound reports whether word splits into a begin part, middle parts and
// an end part, each at least COMPOUNDMIN characters, at most six parts.
func (d *dictionary) compound(word string) bool {
	af := d.aff
	if af.compoundBegin == 0 && af.compound == 0 {
		return false
	}
	s := splitter{d: d, r: []rune(word), parts: map[partKey]bool{}, tails: map[tailKey]bool{}}
	return s.split(0, 0)
}

// splitter searches the compound splits of one word, remembering the answer
// for each part and each tail so that the search stays polynomial in the
// word's length.
type splitter struct {
	d     *dictionary
	r     []rune
	parts map[partKey]bool
	tails map[tailKey]bool
}

// partKey is a part r[from:to] of the word at a compound position.
type partKey struct {
	from, to int
	pos      flag
}

// tailKey is the tail r[from:] at a split depth.
type tailKey struct{ from, depth int }

// split reports whether r[from:] splits into parts, the first at depth
// (0: the word's beginning).
func (s *splitter) split(from, depth int) bool {
	af := s.d.aff
	if depth > 5 {
		return false
	}
	key := tailKey{from, depth}
	if ok, seen := s.tails[key]; seen {
		return ok
	}
	pos := af.compoundBegin
	if depth > 0 {
		pos = af.compoundMiddle
	}
	ok := false
	for k := from + af.compoundMin; !ok && k <= len(s.r)-af.compoundMin; k++ {
		ok = s.part(from, k, pos) && (s.part(k, len(s.r), af.compoundEnd) || s.split(k, depth+1))
	}
	s.tails[key] = ok
	return ok
}

// part reports whether r[from:to] may stand at a compound position needing pos.
func (s *splitter) part(from, to int, pos flag) bool {
	key := partKey{from, to, pos}
	if ok, seen := s.parts[key]; seen {
		return ok
	}
	ok := s.d.part(string(s.r[from:to]), pos)
	s.parts[key] = ok
	return ok
}
