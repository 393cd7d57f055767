package pimcore

import (
	"cmp"
	"slices"
)

// modEntry is one object in the modificationDate index.
type modEntry struct {
	mod int64
	i   int
}

// cmpMod orders entries by (modificationDate, index), the index's order.
func cmpMod(a, b modEntry) int {
	if c := cmp.Compare(a.mod, b.mod); c != 0 {
		return c
	}
	return cmp.Compare(a.i, b.i)
}

// modIndex is the emulator's index on modificationDate, as MySQL keeps one
// on the objects table: every existing object (published or not) in
// (modificationDate, id) order. The id order needs no index of its own: it
// is the objects' index order. A connector's keyset page and its window's
// probes are listings bounded on both columns, and reading every object of
// a 20,000-object catalog for each page was most of the emulator's time.
// Like the equality indexes it is built on first use, kept up to date by
// store and forgotten by LoadState; it only narrows the objects a listing
// reads (the compiled filter still decides). The caller holds s.mu; the
// entries are guarded by s.idx.mu while built.
func (s *Server) modIndex() []modEntry {
	s.idx.mu.Lock()
	defer s.idx.mu.Unlock()
	if s.idx.byMod != nil {
		return *s.idx.byMod
	}
	byMod := make([]modEntry, 0, s.size())
	for i := range s.size() {
		if r, ok := s.rowOf(i); ok {
			byMod = append(byMod, modEntry{mod: r.modified, i: i})
		}
	}
	slices.SortFunc(byMod, cmpMod)
	s.idx.byMod = &byMod
	return byMod
}

// moveMod moves object i in the built modificationDate index from old to
// o (either may be nil: no object); the caller holds s.mu for writing and
// s.idx.mu.
func (x *eqIndexes) moveMod(i int, old, o *object) {
	if x.byMod == nil {
		return
	}
	m := *x.byMod
	if old != nil && !old.Deleted {
		if k, ok := slices.BinarySearchFunc(m, modEntry{mod: old.Modified, i: i}, cmpMod); ok {
			m = slices.Delete(m, k, k+1)
		}
	}
	if o != nil && !o.Deleted {
		e := modEntry{mod: o.Modified, i: i}
		if k, ok := slices.BinarySearchFunc(m, e, cmpMod); !ok {
			m = slices.Insert(m, k, e)
		}
	}
	*x.byMod = m
}

// inRange returns, in index order, the objects whose id and
// modificationDate lie inside b; the caller holds s.mu.
func (s *Server) inRange(b bounds) []int {
	// object i has id i+1; the clamp comes first, so no bound overflows
	lo, hi := max(b.id.lo, 1)-1, min(b.id.hi, int64(s.size()))-1
	if b.id.empty || b.mod.empty || lo > hi {
		return []int{}
	}
	if !b.mod.set() {
		return s.idRange(int(lo), int(hi), b.mod)
	}
	m := s.modIndex()
	from, _ := slices.BinarySearchFunc(m, modEntry{mod: b.mod.lo, i: -1}, cmpMod)
	to, _ := slices.BinarySearchFunc(m, modEntry{mod: b.mod.hi, i: s.size()}, cmpMod)
	if from >= to {
		return []int{}
	}
	if hi-lo+1 <= int64(to-from) {
		return s.idRange(int(lo), int(hi), b.mod)
	}
	hits := make([]int, 0, to-from)
	for _, e := range m[from:to] {
		if int64(e.i) >= lo && int64(e.i) <= hi {
			hits = append(hits, e.i)
		}
	}
	slices.Sort(hits)
	return hits
}

// idRange returns the existing objects with index lo..hi whose
// modificationDate lies in mod; the caller holds s.mu.
func (s *Server) idRange(lo, hi int, mod span) []int {
	hits := make([]int, 0, hi-lo+1)
	for i := lo; i <= hi; i++ {
		if r, ok := s.rowOf(i); ok && mod.holds(r.modified) {
			hits = append(hits, i)
		}
	}
	return hits
}

// inModOrder puts hits in (modificationDate, id) order, both ascending or
// both descending, by reading the modificationDate index, as MySQL reads
// such an ORDER BY from its index instead of sorting (a pass's probe for its
// newest object and its plan's quantile listings order the whole catalog
// so). It reports false, hits untouched, for any other order; the caller
// holds s.mu.
func (s *Server) inModOrder(hits []int, l listing) bool {
	if len(l.sortBy) != 2 || l.sortBy[0] != "modificationDate" || l.sortBy[1] != "id" || l.desc[0] != l.desc[1] {
		return false
	}
	in := make([]bool, s.size())
	for _, i := range hits {
		if i < 0 || i >= len(in) {
			return false
		}
		in[i] = true
	}
	ordered := make([]int, 0, len(hits))
	for _, e := range s.modIndex() {
		if in[e.i] {
			ordered = append(ordered, e.i)
		}
	}
	if len(ordered) != len(hits) {
		return false
	}
	if l.desc[0] {
		slices.Reverse(ordered)
	}
	copy(hits, ordered)
	return true
}
