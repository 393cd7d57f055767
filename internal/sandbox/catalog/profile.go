package catalog

import (
	"fmt"
	"math/rand/v2"
)

// Profile names a catalog's shape.
const (
	// Headline is the scenario of New: one locale, one channel, one defect
	// per product at most, figures exact to the reference counts.
	Headline = "headline"
	// Realistic is a catalog as enterprises run them: three locales, two
	// channels, families with requirements per channel, product models with
	// variants, images, overlapping defects and typos (realistic*.go).
	Realistic = "realistic"
)

// NewProfile builds a catalog of n products from seed in the named profile.
func NewProfile(name string, n int, seed uint64) (*Catalog, error) {
	switch name {
	case Headline, "":
		return New(n, seed), nil
	case Realistic:
		return newRealistic(n, seed), nil
	}
	return nil, fmt.Errorf("catalog profile %q: unknown, use %q or %q", name, Headline, Realistic)
}

// pick returns count distinct elements of keys chosen by r, in key order of
// the shuffle; keys is shuffled in place.
func pick(r *rand.Rand, keys []int32, count int) []int32 {
	r.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
	return keys[:min(count, len(keys))]
}
