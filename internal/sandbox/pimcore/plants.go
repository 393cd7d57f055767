package pimcore

import (
	"sync"
	"sync/atomic"
)

// plantCache keeps each catalog object as planted once built: a listing
// filtered on a class field reads that field of every object, and building
// the objects again for each of a request's aliased listings made a
// 50-lookup request scan the catalog 50 times over. Objects are never
// changed in place (writes store a clone in changed), so one built object
// serves every reader.
type plantCache struct {
	once sync.Once
	objs []atomic.Pointer[object]
}

// planted returns catalog object i as planted, building it on first use.
func (s *Server) planted(i int) *object {
	s.plants.once.Do(func() { s.plants.objs = make([]atomic.Pointer[object], s.size()) })
	if o := s.plants.objs[i].Load(); o != nil {
		return o
	}
	o := s.build(i)
	s.plants.objs[i].Store(o)
	return o
}
