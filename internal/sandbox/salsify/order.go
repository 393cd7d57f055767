package salsify

import (
	"cmp"
	"hash/fnv"
	"slices"
	"sort"
	"sync"
	"time"
)

// orders caches the two listing orders over every product index, rebuilt
// after a write: by (salsify:updated_at, salsify:id) for filtered listings,
// and an unfiltered order that is stable but not by id (a hash of the id),
// so that a client cannot mistake the page order for a key order.
type orders struct {
	mu        sync.Mutex
	byUpdated []int
	byHash    []int
}

func (o *orders) invalidate() {
	o.mu.Lock()
	o.byUpdated, o.byHash = nil, nil
	o.mu.Unlock()
}

// updatedOrder returns every index by (updated, id); the caller holds s.mu
// for reading at least and must not change the slice.
func (s *Server) updatedOrder() []int {
	s.orders.mu.Lock()
	defer s.orders.mu.Unlock()
	if s.orders.byUpdated == nil {
		idx, ids := s.indexes(), s.ids()
		ups := make([]time.Time, s.total)
		for i := range idx {
			ups[i] = s.updated(i)
		}
		slices.SortFunc(idx, func(a, b int) int {
			if c := ups[a].Compare(ups[b]); c != 0 {
				return c
			}
			return cmp.Compare(ids[a], ids[b])
		})
		s.orders.byUpdated = idx
	}
	return s.orders.byUpdated
}

// hashOrder returns every index in the unfiltered listing order.
func (s *Server) hashOrder() []int {
	s.orders.mu.Lock()
	defer s.orders.mu.Unlock()
	if s.orders.byHash == nil {
		idx, ids := s.indexes(), s.ids()
		keys := make([]uint64, s.total)
		for i := range idx {
			h := fnv.New64a()
			h.Write([]byte(ids[i]))
			keys[i] = h.Sum64()
		}
		slices.SortFunc(idx, func(a, b int) int {
			if c := cmp.Compare(keys[a], keys[b]); c != 0 {
				return c
			}
			return cmp.Compare(ids[a], ids[b])
		})
		s.orders.byHash = idx
	}
	return s.orders.byHash
}

func (s *Server) indexes() []int {
	idx := make([]int, s.total)
	for i := range idx {
		idx[i] = i
	}
	return idx
}

// ids returns the salsify:id of every index, so that a sort builds each once.
func (s *Server) ids() []string {
	ids := make([]string, s.total)
	for i := range ids {
		ids[i] = s.idOf(i)
	}
	return ids
}

// updatedRange narrows the (updated, id) order to the products whose update
// time lies in the bounds, by binary search.
func (s *Server) updatedRange(order []int, b bounds) []int {
	lo := 0
	if b.hasLow {
		lo = sort.Search(len(order), func(k int) bool {
			u := s.updated(order[k])
			return u.After(b.low) || (b.lowIncl && u.Equal(b.low))
		})
	}
	hi := len(order)
	if b.hasHigh {
		hi = sort.Search(len(order), func(k int) bool {
			u := s.updated(order[k])
			return u.After(b.high) || (!b.highIncl && u.Equal(b.high))
		})
	}
	if hi < lo {
		return nil
	}
	return order[lo:hi]
}
