package pimcore

import (
	"slices"
	"sync"
)

// eqIndexes are the emulator's indexes on string columns, as MySQL keeps one
// on a class's input fields: a loader's read before write is a listing
// filtered on {"sku": …} for each of up to 50 items, and reading every object
// of a 12,000-object catalog for each of them was most of a sandbox demo's
// time. An index is built on the first plain equality on its column and kept
// up to date by store; it only narrows the objects the listing reads (the
// listing's own checks and the compiled filter still decide).
type eqIndexes struct {
	mu   sync.Mutex
	cols map[string]*colIndex
	// byMod is the modificationDate index (see modIndex), nil until built.
	byMod *[]modEntry
}

// colIndex maps a column's value, ASCII letters folded to lower case (the
// collation's equality on ASCII text), to the objects holding it. Objects
// whose value has a non-ASCII byte are kept apart: the collation may equate
// them with text of another spelling, so they are always read.
type colIndex struct {
	byFold   map[string]map[int]struct{}
	nonASCII map[int]struct{}
}

// index returns the index on col, building it on first use; the caller
// holds s.mu (read or write).
func (s *Server) index(col string) *colIndex {
	s.idx.mu.Lock()
	defer s.idx.mu.Unlock()
	if c, ok := s.idx.cols[col]; ok {
		return c
	}
	c := &colIndex{byFold: map[string]map[int]struct{}{}, nonASCII: map[int]struct{}{}}
	for i := range s.size() {
		c.add(col, i, s.get(i))
	}
	if s.idx.cols == nil {
		s.idx.cols = map[string]*colIndex{}
	}
	s.idx.cols[col] = c
	return c
}

// add indexes object i's value of col; a missing or deleted object, or a
// null value, is not indexed (NULL matches no equality).
func (c *colIndex) add(col string, i int, o *object) {
	if o == nil || o.Deleted {
		return
	}
	v, ok := o.Text[col]
	switch {
	case !ok:
	case !ascii(v):
		c.nonASCII[i] = struct{}{}
	default:
		set := c.byFold[foldASCII(v)]
		if set == nil {
			set = map[int]struct{}{}
			c.byFold[foldASCII(v)] = set
		}
		set[i] = struct{}{}
	}
}

// remove drops object i's value of col from the index.
func (c *colIndex) remove(col string, i int, o *object) {
	if o == nil {
		return
	}
	v, ok := o.Text[col]
	if !ok {
		return
	}
	delete(c.nonASCII, i)
	if set := c.byFold[foldASCII(v)]; set != nil {
		delete(set, i)
	}
}

// store saves o as object i and updates the built indexes; the caller holds
// s.mu for writing.
func (s *Server) store(i int, o *object) {
	old := s.get(i)
	s.idx.mu.Lock()
	for col, c := range s.idx.cols {
		c.remove(col, i, old)
		c.add(col, i, o)
	}
	s.idx.moveMod(i, old, o)
	s.idx.mu.Unlock()
	s.changed[i] = o
}

// dropIndexes forgets every index, after the objects were replaced at once;
// the caller holds s.mu for writing.
func (s *Server) dropIndexes() {
	s.idx.mu.Lock()
	s.idx.cols, s.idx.byMod = nil, nil
	s.idx.mu.Unlock()
}

// candidates returns, in index order, the objects that may match e, and
// false when the index cannot tell (text with a non-ASCII byte: every
// object must be read); the caller holds s.mu.
func (s *Server) candidates(e *plainEq) ([]int, bool) {
	if !ascii(e.value) {
		return nil, false
	}
	c := s.index(e.col)
	hits := make([]int, 0, len(c.byFold[foldASCII(e.value)])+len(c.nonASCII))
	for i := range c.byFold[foldASCII(e.value)] {
		hits = append(hits, i)
	}
	for i := range c.nonASCII {
		hits = append(hits, i)
	}
	slices.Sort(hits)
	return hits, true
}

// foldASCII lowers the ASCII letters of s.
func foldASCII(s string) string {
	for k := 0; k < len(s); k++ {
		if c := s[k]; c >= 'A' && c <= 'Z' {
			b := []byte(s)
			for j := k; j < len(b); j++ {
				if b[j] >= 'A' && b[j] <= 'Z' {
					b[j] += 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
