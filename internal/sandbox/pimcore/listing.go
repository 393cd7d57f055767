package pimcore

import (
	"errors"
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"strings"

	"github.com/graphql-go/graphql"
)

// listing is one get<Class>Listing request's arguments, checked.
type listing struct {
	match       cond
	eq          *plainEq
	rng         bounds
	ids         map[int]bool
	paths       map[string]bool
	unpublished bool
	sortBy      []string
	desc        []bool
	first       int
	after       int
	lang        string
}

// resolveListing answers get<Class>Listing: the matching objects, ordered
// and cut at the offsets, with the count before the cut.
func (s *Server) resolveListing(p graphql.ResolveParams) (any, error) {
	req := requestOf(p.Context)
	req.setLanguage(p.Args)
	l, err := s.listingArgs(p.Args, req.language(s.class.Languages[0]))
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	s.listings++
	seq := s.listings
	s.mu.Unlock()
	s.mu.RLock()
	defer s.mu.RUnlock()
	hits := s.matching(l)
	s.sortRows(hits, l, seq)
	total := len(hits)
	hits = window(hits, l.after, l.first)
	edges := make([]map[string]any, 0, len(hits))
	for _, i := range hits {
		o := s.effective(s.get(i))
		edges = append(edges, map[string]any{"cursor": "object-" + strconv.Itoa(o.ID), "node": &node{o: o}})
	}
	return map[string]any{"totalCount": total, "edges": edges}, nil
}

// listingArgs checks the arguments; failures are errors as Pimcore gives them.
func (s *Server) listingArgs(args map[string]any, lang string) (listing, error) {
	l := listing{match: func(func(string) any) bool { return true }, rng: boundsOf(nil), lang: lang}
	if f, ok := args["filter"].(string); ok {
		m := parseFilter(f)
		if m == nil {
			return l, errors.New("unable to decode filter")
		}
		c, err := compiler{cols: s.class.columns()}.object(m)
		if err != nil {
			return l, internal(fmt.Errorf("build filter condition: %w", err))
		}
		l.match, l.eq, l.rng = c, s.plainEqOf(m), boundsOf(m)
	}
	if ids, ok := args["ids"].(string); ok {
		l.ids = map[int]bool{}
		for _, id := range strings.Split(ids, ",") {
			n, _ := strconv.Atoi(strings.Trim(strings.TrimSpace(id), "'\""))
			l.ids[n] = true
		}
	}
	if fps, ok := args["fullpaths"].(string); ok {
		l.paths = map[string]bool{}
		for _, fp := range strings.Split(fps, ",") {
			l.paths[strings.Trim(strings.TrimSpace(fp), "'")] = true
		}
	}
	l.unpublished = args["published"] == false // false means published and unpublished alike
	if err := s.sortArgs(&l, args); err != nil {
		return l, err
	}
	l.first, _ = args["first"].(int)
	l.after, _ = args["after"].(int)
	if l.first < 0 || l.after < 0 {
		return l, internal(fmt.Errorf("SQL syntax error near LIMIT %d,%d", l.after, l.first))
	}
	return l, nil
}

// sortArgs reads sortBy and sortOrder (ASC or DESC per column).
func (s *Server) sortArgs(l *listing, args map[string]any) error {
	cols := s.class.columns()
	by, _ := args["sortBy"].([]any)
	order, _ := args["sortOrder"].([]any)
	for k, b := range by {
		name, _ := b.(string)
		if _, ok := cols[name]; !ok {
			return internal(fmt.Errorf("unknown column %q in 'order clause'", name))
		}
		dir := "ASC"
		if k < len(order) {
			dir, _ = order[k].(string)
		} else if len(order) == 1 {
			dir, _ = order[0].(string)
		}
		switch strings.ToUpper(dir) {
		case "ASC", "":
			l.desc = append(l.desc, false)
		case "DESC":
			l.desc = append(l.desc, true)
		default:
			return internal(fmt.Errorf("sort order %q is neither ASC nor DESC", dir))
		}
		l.sortBy = append(l.sortBy, name)
	}
	return nil
}

// matching returns the indexes of the objects the listing selects; the
// caller holds s.mu.
func (s *Server) matching(l listing) []int {
	var hits []int
	for _, i := range s.scope(l) {
		if l.eq != nil && !s.mayMatch(l.eq, i) {
			continue
		}
		r, ok := s.rowOf(i)
		if !ok || (!r.published && !l.unpublished) || (l.ids != nil && !l.ids[i+1]) {
			continue
		}
		get := s.columnReader(r, l.lang)
		if l.paths != nil && !l.paths[get("path").(string)+get("key").(string)] {
			continue
		}
		if l.match(get) {
			hits = append(hits, i)
		}
	}
	return hits
}

// scope returns, in index order, the objects matching must read: those an
// index, the ids argument or the filter's id and modificationDate ranges
// leave, else every object; the caller holds s.mu.
func (s *Server) scope(l listing) []int {
	if l.eq != nil {
		if c, ok := s.candidates(l.eq); ok {
			return c
		}
	}
	if l.rng.set() && l.ids == nil {
		return s.inRange(l.rng)
	}
	if l.ids != nil {
		ids := make([]int, 0, len(l.ids))
		for id := range l.ids {
			if id >= 1 && id <= s.size() {
				ids = append(ids, id-1)
			}
		}
		slices.Sort(ids)
		return ids
	}
	all := make([]int, s.size())
	for i := range all {
		all[i] = i
	}
	return all
}

// sortRows orders hits by the sort columns, or without them in an order that
// changes from request to request, as a database without ORDER BY may. Rows
// the sort columns do not tell apart (ORDER BY modificationDate alone) come
// in such an order too: MySQL promises none for ties. The orders an index
// gives (id alone; modificationDate then id) are read from it, not sorted.
func (s *Server) sortRows(hits []int, l listing, seq uint64) {
	if len(l.sortBy) == 1 && l.sortBy[0] == "id" && slices.IsSorted(hits) {
		// Ordered by id alone, the hits are already in the primary key's
		// order (object i has id i+1, and matching reads in index order),
		// as MySQL reads the primary key instead of sorting; ids never tie.
		if l.desc[0] {
			slices.Reverse(hits)
		}
		return
	}
	if s.inModOrder(hits, l) {
		return
	}
	rows := make([]sortRow, len(hits))
	var buf []byte
	for k, i := range hits {
		h := fnv.New64a()
		buf = strconv.AppendInt(append(strconv.AppendUint(buf[:0], seq, 10), '/'), int64(i), 10)
		_, _ = h.Write(buf) // the text "<seq>/<i>"
		rows[k] = sortRow{i: i, key: h.Sum64()}
		if len(l.sortBy) > 0 {
			r, _ := s.rowOf(i)
			get := s.columnReader(r, l.lang)
			rows[k].vals = make([]any, len(l.sortBy))
			for c, col := range l.sortBy {
				rows[k].vals[c] = get(col)
			}
		}
	}
	slices.SortFunc(rows, func(a, b sortRow) int {
		for k := range l.sortBy {
			if r := sortOrder(a.vals[k], b.vals[k]); r != 0 {
				if l.desc[k] {
					return -r
				}
				return r
			}
		}
		return cmpU(a.key, b.key)
	})
	for k := range rows {
		hits[k] = rows[k].i
	}
}

// sortRow is one hit as sortRows orders it: its sort column values, then
// the request's shuffle key.
type sortRow struct {
	i    int
	key  uint64
	vals []any
}

func cmpU(a, b uint64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// sortOrder orders two column values, NULL first as MySQL does.
func sortOrder(a, b any) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	return order(a, b)
}

// window cuts hits at offset after, at most first of them (0 = no limit).
func window(hits []int, after, first int) []int {
	if after >= len(hits) {
		return nil
	}
	hits = hits[after:]
	if first > 0 && first < len(hits) {
		hits = hits[:first]
	}
	return hits
}
