// Package registry is the name → factory table that the extract and load
// registries share.
package registry

import (
	"fmt"
	"sort"
)

// Registry maps kinds to factories of type F.
type Registry[F any] struct {
	what      string
	factories map[string]F
}

// New returns an empty registry; what names it in panics and errors.
func New[F any](what string) *Registry[F] {
	return &Registry[F]{what: what, factories: map[string]F{}}
}

// Register adds a kind. It panics if the kind is registered twice, as
// sql.Register does: that is a wiring bug, not a runtime condition.
func (r *Registry[F]) Register(kind string, f F) {
	if _, dup := r.factories[kind]; dup {
		panic(r.what + ": Register called twice for kind " + kind)
	}
	r.factories[kind] = f
}

// Get returns the factory of kind.
func (r *Registry[F]) Get(kind string) (F, error) {
	f, ok := r.factories[kind]
	if !ok {
		return f, fmt.Errorf("no %s for system kind %q (known: %v)", r.what, kind, r.Kinds())
	}
	return f, nil
}

// Kinds lists the registered kinds, sorted.
func (r *Registry[F]) Kinds() []string {
	ks := make([]string, 0, len(r.factories))
	for k := range r.factories {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
