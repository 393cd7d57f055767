package catalog

import (
	"math/rand/v2"
	"slices"
	"time"
)

// RealDefect is a bit set of the defects the realistic profile plants; one
// product may carry several.
type RealDefect uint8

// Realistic defect classes. Text defects sit on the value holder (a simple
// product, or the model whose variants inherit them); the others on the
// sellable product.
const (
	MissingTranslation RealDefect = 1 << iota // no description in de_DE or fr_FR
	TypoEN                                    // one misspelled word in the en_US ecommerce description
	TypoDE                                    // one misspelled word in the de_DE ecommerce description
	MissingImage                              // no image (required on ecommerce)
	BadGTIN                                   // EAN with a wrong check digit
	UnknownOption                             // color option that does not exist
)

// groupSize is how many consecutive products form one group: the variants of
// one model, or simple products of one family.
const groupSize = 6

// GroupSize is groupSize for the emulators: product i is in group
// i/GroupSize, whose model (if any) holds the values its variants share.
const GroupSize = groupSize

// Planted are the realistic profile's exact planted figures, for tests that
// compare them with an independent recount; reports never read them.
type Planted struct {
	Products, Simple, Variants, Models int
	// Holders are the value holders: simple products and models.
	Holders int
	// Text defects, counted per holder.
	MissingTranslation, TyposEN, TyposDE int
	// Product defects, counted per sellable product.
	MissingImage, BadGTIN, UnknownOption int
	// Overlapping counts products carrying two or more defects, those
	// inherited from their model included.
	Overlapping int
	// Incomplete counts, by channel, the products lacking a value their
	// family requires there in one of the channel's locales; IncompleteIn
	// by "channel/locale".
	Incomplete, IncompleteIn map[string]int
}

// realistic is the planted state of a realistic catalog.
type realistic struct {
	// text holds holder defects: index i for simple product i, N+g for the
	// model of group g; item holds product defects.
	text, item []RealDefect
	planted    Planted
}

func newRealistic(n int, seed uint64) *Catalog {
	c := &Catalog{N: n, Seed: seed, Base: time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC), defect: make([]Defect, n), Profile: Realistic}
	c.prefix = uuidPrefix(seed)
	groups := (n + groupSize - 1) / groupSize
	c.real = &realistic{text: make([]RealDefect, n+groups), item: make([]RealDefect, n)}
	holders := c.holders(groups)
	r := rand.New(rand.NewPCG(seed, seed^0x2545F4914F6CDD1D))
	h := len(holders)
	c.plant(c.real.text, r, holders, h*8/100, MissingTranslation)
	c.plant(c.real.text, r, holders, h*6/100, TypoEN)
	c.plant(c.real.text, r, holders, h*6/100, TypoDE)
	items := make([]int32, n)
	for i := range items {
		items[i] = int32(i)
	}
	c.plant(c.real.item, r, items, n/10, MissingImage)
	c.plant(c.real.item, r, items, n*3/100, BadGTIN)
	c.plant(c.real.item, r, items, n*2/100, UnknownOption)
	c.real.planted = c.count(h)
	return c
}

// holders lists the value holder keys: simple products and models.
func (c *Catalog) holders(groups int) []int32 {
	var keys []int32
	for g := range groups {
		if c.groupFamily(g).Axes != nil {
			keys = append(keys, int32(c.N+g))
			continue
		}
		for i := g * groupSize; i < min((g+1)*groupSize, c.N); i++ {
			keys = append(keys, int32(i))
		}
	}
	return keys
}

// plant sets defect d on count keys chosen by r.
func (c *Catalog) plant(set []RealDefect, r *rand.Rand, keys []int32, count int, d RealDefect) {
	for _, k := range pick(r, keys, count) {
		set[k] |= d
	}
}

// count tallies the planted figures.
func (c *Catalog) count(holders int) Planted {
	p := Planted{Products: c.N, Holders: holders, Incomplete: map[string]int{}, IncompleteIn: map[string]int{}}
	for _, d := range c.real.text {
		p.MissingTranslation += bit(d, MissingTranslation)
		p.TyposEN += bit(d, TypoEN)
		p.TyposDE += bit(d, TypoDE)
	}
	for i, d := range c.real.item {
		p.MissingImage += bit(d, MissingImage)
		p.BadGTIN += bit(d, BadGTIN)
		p.UnknownOption += bit(d, UnknownOption)
		if c.ModelOf(i) == "" {
			p.Simple++
		} else {
			p.Variants++
		}
		all := c.RealDefects(i)
		if all&(all-1) != 0 {
			p.Overlapping++
		}
		c.countIncomplete(&p, i, all)
	}
	p.Models = holders - p.Simple
	return p
}

// countIncomplete counts product i, carrying defects all, where its family
// requires its image or a description it lacks.
func (c *Catalog) countIncomplete(p *Planted, i int, all RealDefect) {
	missing := c.missingLocale(c.holderOf(i), c.real.text[c.holderOf(i)])
	f := c.groupFamily(i / groupSize)
	for _, ch := range RealisticChannels {
		image := all&MissingImage != 0 && slices.Contains(f.Requirements[ch.Code], "image")
		incomplete := false
		for _, loc := range ch.Locales {
			if image || (missing == loc && slices.Contains(f.Requirements[ch.Code], "description")) {
				p.IncompleteIn[ch.Code+"/"+loc]++
				incomplete = true
			}
		}
		if incomplete {
			p.Incomplete[ch.Code]++
		}
	}
}

func bit(d, b RealDefect) int {
	if d&b != 0 {
		return 1
	}
	return 0
}

// Planted returns the planted figures of a realistic catalog (zero for the
// headline profile).
func (c *Catalog) Planted() Planted {
	if c.real == nil {
		return Planted{}
	}
	return c.real.planted
}

// RealDefects returns the defects product i carries, its model's included.
func (c *Catalog) RealDefects(i int) RealDefect {
	if c.real == nil {
		return 0
	}
	return c.real.item[i] | c.real.text[c.holderOf(i)]
}

// holderOf returns the holder key of product i's text values.
func (c *Catalog) holderOf(i int) int {
	if c.groupFamily(i/groupSize).Axes != nil {
		return c.N + i/groupSize
	}
	return i
}

// groupFamily returns the family of group g.
func (c *Catalog) groupFamily(g int) Family {
	return RealisticFamilies[c.mix(g, 20)%uint64(len(RealisticFamilies))]
}
