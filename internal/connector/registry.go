package connector

import (
	"fmt"
	"maps"
	"slices"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/extract"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/registry"
	"github.com/stewardhq/steward/internal/sandbox"
	"github.com/stewardhq/steward/load"
	"github.com/stewardhq/steward/transform"
)

// Registry holds the system kinds by name. Like sql.Register, registering a
// name twice panics: that is a wiring bug. Tests build a fresh registry with
// only the kinds they need.
type Registry struct {
	kinds *registry.Registry[Kind]
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{kinds: registry.New[Kind]("connector kind")} }

// Register adds a kind.
func (r *Registry) Register(k Kind) {
	if k.Name == "" {
		panic("connector: Register called with a kind without a name")
	}
	r.kinds.Register(k.Name, k)
}

// Get returns the kind called name.
func (r *Registry) Get(name string) (Kind, error) { return r.kinds.Get(name) }

// Names lists the registered kinds, sorted.
func (r *Registry) Names() []string { return r.kinds.Kinds() }

// each calls fn for every kind, in name order.
func (r *Registry) each(fn func(Kind)) {
	for _, name := range r.Names() {
		k, _ := r.kinds.Get(name)
		fn(k)
	}
}

// Extractors returns the extract registry of the kinds that are sources.
func (r *Registry) Extractors() *extract.Registry {
	ex := extract.NewRegistry()
	r.each(func(k Kind) {
		if k.Extract != nil {
			ex.Register(k.Name, k.Extract)
		}
	})
	return ex
}

// Loaders returns the load registry of the kinds that are targets.
func (r *Registry) Loaders() *load.Registry {
	ld := load.NewRegistry()
	r.each(func(k Kind) {
		if k.Load != nil {
			ld.Register(k.Name, k.Load)
		}
	})
	return ld
}

// Auths returns the HTTP stack's auth flows: the generic ones and every
// kind's own. Two kinds registering one flow name panic.
func (r *Registry) Auths() *httpx.Auths {
	a := httpx.NewAuths()
	r.each(func(k Kind) {
		for _, name := range slices.Sorted(maps.Keys(k.Auth)) {
			a.Register(name, k.Auth[name])
		}
	})
	return a
}

// Emulators returns the sandbox emulators of the kinds that have one, in
// kind name order (the order of their ports).
func (r *Registry) Emulators() []sandbox.Factory {
	var fs []sandbox.Factory
	r.each(func(k Kind) {
		if k.Emulator != nil {
			fs = append(fs, k.Emulator)
		}
	})
	return fs
}

// Known is what config validation checks names against: these kinds (which
// are not reached over HTTP, which report a quota), their auth flows, and
// the data types of types, of which those whose canonical type is a product
// are the ones quality rules check.
func (r *Registry) Known(types *transform.Types) *config.Known {
	k := &config.Known{Kinds: r.Names(), Auth: httpx.Needs(r.Auths()), DataTypes: types.Kinds()}
	r.each(func(kind Kind) {
		if !kind.HTTP {
			k.Local = append(k.Local, kind.Name)
		}
		if kind.ReportsQuota {
			k.Quota = append(k.Quota, kind.Name)
		}
	})
	for _, name := range k.DataTypes {
		dt, _ := types.Get(name)
		if len(dt.PII) > 0 {
			if k.Personal == nil {
				k.Personal = map[string][]string{}
			}
			k.Personal[name] = dt.PII
		}
		if dt.New == nil {
			continue
		}
		if _, ok := dt.New().(*transform.Product); ok {
			k.Checked = append(k.Checked, name)
		}
	}
	return k
}

// Settings are the decoded settings of a config's systems, by system name.
type Settings map[string]any

// Decode decodes every system's settings section with its kind's Decode, once
// per config load, and returns every problem found. A system of a kind not
// registered is left out (config validation reports the kind).
func (r *Registry) Decode(f *config.File) (Settings, config.Problems) {
	out := Settings{}
	var ps config.Problems
	for _, name := range slices.Sorted(maps.Keys(f.Systems)) {
		k, err := r.Get(f.Systems[name].Kind)
		if err != nil || k.Decode == nil {
			continue
		}
		s, sps := k.Decode(f, name)
		ps = append(ps, sps...)
		out[name] = s
	}
	return out, ps
}

// Of returns the kind of the configured system called name.
func (r *Registry) Of(f *config.File, name string) (Kind, error) {
	sys, ok := f.Systems[name]
	if !ok {
		return Kind{}, fmt.Errorf("system %s is not configured", name)
	}
	return r.Get(sys.Kind)
}
