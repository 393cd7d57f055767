// Package catalog generates the sandbox's synthetic enterprise data from a seed:
// N products as the PIM and the ERP hold them, with the headline scenario's
// defects planted in disjoint sets (by default 12,000 products: 3,000 lacking a
// description, 800 inconsistent of which 80 are mechanically fixable, 200 whose
// PIM price differs from a newer ERP price). Products are computed on demand
// from their index, so a million of them cost a few megabytes. The emulators
// read it; counts in reports never come from here. NewProfile also builds the
// realistic profile (realistic*.go): several locales and channels, families
// with requirements, product models with variants, images, overlapping
// defects and typos.
package catalog

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"time"
)

// Defect is the planted defect of one product.
type Defect uint8

// Defects, one per product at most.
const (
	Clean Defect = iota
	MissingDescription
	FixableOptionCase  // color option code in the wrong letter case
	FixableWhitespace  // stray whitespace around the name
	FixableUnspelling  // weight unit spelled KILOGRAMS instead of KILOGRAM
	HumanBadGTIN       // EAN with a wrong check digit
	HumanImplausible   // weight implausible for the family
	HumanUnknownOption // color option that does not exist
	StalePrice         // PIM price older than and different from the ERP price
)

// Scenario counts for the reference size.
const (
	ReferenceProducts     = 12000
	ReferenceMissing      = 3000
	ReferenceInconsistent = 800
	ReferenceFixable      = 80
	ReferenceStalePrices  = 200
)

// Catalog is a deterministic synthetic data set.
type Catalog struct {
	N    int
	Seed uint64
	// Base is the time the PIM data was last touched before the scenario.
	Base   time.Time
	defect []Defect
	prefix uint32
	// Profile is Headline for catalogs from New, Realistic for those whose
	// data real holds (NewProfile).
	Profile string
	real    *realistic
}

// Counts says how many products carry each planted defect class.
type Counts struct {
	Missing, Inconsistent, Fixable, StalePrices int
}

// Scaled returns the scenario counts for n products.
func Scaled(n int) Counts {
	c := Counts{
		Missing:      n * ReferenceMissing / ReferenceProducts,
		Inconsistent: n * ReferenceInconsistent / ReferenceProducts,
		StalePrices:  n * ReferenceStalePrices / ReferenceProducts,
	}
	c.Fixable = c.Inconsistent * ReferenceFixable / ReferenceInconsistent
	return c
}

// New builds a catalog of n products from seed.
func New(n int, seed uint64) *Catalog {
	c := &Catalog{N: n, Seed: seed, Base: time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC), defect: make([]Defect, n), Profile: Headline}
	c.prefix = uuidPrefix(seed)
	idx := make([]int32, n)
	for i := range idx {
		idx[i] = int32(i)
	}
	r := rand.New(rand.NewPCG(seed, seed^0x5bd1e995))
	r.Shuffle(n, func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
	counts := Scaled(n)
	pos := 0
	assign := func(count int, kinds ...Defect) {
		for k := 0; k < count && pos < n; k++ {
			c.defect[idx[pos]] = kinds[k%len(kinds)]
			pos++
		}
	}
	assign(counts.Missing, MissingDescription)
	assign(counts.Fixable, FixableOptionCase, FixableWhitespace, FixableUnspelling)
	assign(counts.Inconsistent-counts.Fixable, HumanBadGTIN, HumanImplausible, HumanUnknownOption)
	assign(counts.StalePrices, StalePrice)
	return c
}

// uuidPrefix is the first group of the uuids of a catalog of seed.
func uuidPrefix(seed uint64) uint32 {
	h := fnv.New32a()
	fmt.Fprintf(h, "steward-%d", seed)
	return h.Sum32()
}

// Defect returns the planted defect of product i.
func (c *Catalog) Defect(i int) Defect { return c.defect[i] }

// mix is a cheap deterministic hash of (seed, i, salt).
func (c *Catalog) mix(i int, salt uint64) uint64 {
	x := c.Seed*0x9E3779B97F4A7C15 ^ uint64(i)*0xBF58476D1CE4E5B9 ^ salt*0x94D049BB133111EB
	x ^= x >> 31
	x *= 0xD6E8FEB86659FD93
	x ^= x >> 32
	return x
}

// UUID returns product i's uuid; uuids sort in index order.
func (c *Catalog) UUID(i int) string {
	return fmt.Sprintf("%08x-5eed-4000-8000-%012x", c.prefix, i)
}

// IndexOfUUID reverses UUID; ok is false for a uuid this catalog did not make.
func (c *Catalog) IndexOfUUID(u string) (int, bool) {
	var p uint32
	var i int
	if n, err := fmt.Sscanf(u, "%08x-5eed-4000-8000-%012x", &p, &i); n != 2 || err != nil || p != c.prefix {
		return 0, false
	}
	return i, true
}

// SKU returns product i's identifier.
func (c *Catalog) SKU(i int) string { return fmt.Sprintf("SKU-%07d", i+1) }

// IndexOfSKU reverses SKU.
func (c *Catalog) IndexOfSKU(s string) (int, bool) {
	var i int
	if n, err := fmt.Sscanf(s, "SKU-%07d", &i); n != 1 || err != nil || i < 1 || i > c.N || c.SKU(i-1) != s {
		return 0, false
	}
	return i - 1, true
}

// Created is when the PIMs created every planted product (and product
// model): 30 days before Base.
func (c *Catalog) Created() time.Time { return c.Base.Add(-30 * 24 * time.Hour) }

// Updated is product i's PIM update time. About four products share each
// second, so ties on the cursor field are common, as in real exports.
func (c *Catalog) Updated(i int) time.Time {
	span := max(c.N/4, 1)
	return c.Base.Add(time.Duration(c.mix(i, 1)%uint64(span)) * time.Second)
}

// ERPUpdated is the ERP change time of product i's price; stale PIM prices
// have a newer ERP price.
func (c *Catalog) ERPUpdated(i int) time.Time {
	if c.defect[i] == StalePrice {
		return c.Base.Add(time.Duration(c.N/4+3600+int(c.mix(i, 2)%3600)) * time.Second)
	}
	return c.Updated(i).Add(-time.Hour)
}

// PIMPrice is the price the PIM holds, in cents.
func (c *Catalog) PIMPrice(i int) int64 { return 500 + int64(c.mix(i, 3)%49500) }

// ERPPrice is the price the ERP holds, in cents.
func (c *Catalog) ERPPrice(i int) int64 {
	if c.defect[i] == StalePrice {
		return c.PIMPrice(i)*11/10 + 1
	}
	return c.PIMPrice(i)
}

// Cents renders cents as a decimal string with two places.
func Cents(v int64) string { return fmt.Sprintf("%d.%02d", v/100, v%100) }
