package route

import (
	"cmp"
	"maps"
	"slices"
	"strings"

	"github.com/stewardhq/steward/transform"
)

// Product is one catalog product as the router matches it.
type Product struct {
	SKU         string `json:"sku"`
	Name        string `json:"name"`
	Family      string `json:"family,omitempty"`
	Description string `json:"description,omitempty"`
	// Attributes are the product's other simple values as text (color,
	// weight), which an inquiry may describe it by.
	Attributes map[string]string `json:"attributes,omitempty"`
}

// maxNameWords bounds the n-grams looked up as exact product names.
const maxNameWords = 8

// Catalog indexes products for matching: by SKU, by normalized name, and
// by the words of their texts.
type Catalog struct {
	products []Product
	bySKU    map[string]int
	byName   map[string][]int
	// byWord lists, per word, the products whose texts hold it.
	byWord map[string][]int
	// common are words more than half the products hold: they tell
	// products apart poorly and weigh a quarter.
	common map[string]bool
}

// NewCatalog indexes the enabled products of a PIM (those with a SKU).
func NewCatalog(ps []transform.Product) *Catalog {
	c := &Catalog{bySKU: map[string]int{}, byName: map[string][]int{}, byWord: map[string][]int{}, common: map[string]bool{}}
	for i := range ps {
		if p, ok := fromProduct(&ps[i]); ok {
			c.add(p)
		}
	}
	for w, ids := range c.byWord {
		if len(ids)*2 > len(c.products) && len(c.products) > 3 {
			c.common[w] = true
		}
	}
	return c
}

func (c *Catalog) add(p Product) {
	i := len(c.products)
	c.products = append(c.products, p)
	c.bySKU[strings.ToLower(p.SKU)] = i
	if n := transform.NormalizeName(p.Name); n != "" {
		c.byName[n] = append(c.byName[n], i)
	}
	for w := range words(p.text()) {
		c.byWord[w] = append(c.byWord[w], i)
	}
}

// fromProduct reads what the router matches of a staged product.
func fromProduct(p *transform.Product) (Product, bool) {
	if p.Identifier == "" || !p.Enabled {
		return Product{}, false
	}
	out := Product{SKU: p.Identifier, Family: p.Family, Attributes: map[string]string{}}
	for _, v := range p.Values {
		s := strings.TrimSpace(v.String())
		switch {
		case s == "" || v.Kind == transform.KindPrices || v.Kind == transform.KindMedia:
		case v.Attribute == "name" && (out.Name == "" || v.Locale == "en_US"):
			out.Name = s
		case v.Attribute == "description" && (out.Description == "" || v.Locale == "en_US"):
			out.Description = s
		case v.Attribute != "name" && v.Attribute != "description" && len(s) <= 60:
			out.Attributes[v.Attribute] = s
		}
	}
	if out.Name == "" {
		out.Name = out.SKU
	}
	return out, true
}

// text is everything an inquiry may describe the product by.
func (p Product) text() string {
	parts := []string{p.SKU, p.Name, p.Family, p.Description}
	for _, k := range slices.Sorted(maps.Keys(p.Attributes)) {
		parts = append(parts, p.Attributes[k])
	}
	return strings.Join(parts, " ")
}

// Len is how many products the catalog holds.
func (c *Catalog) Len() int { return len(c.products) }

// exact returns the products the texts name exactly, by SKU or by full
// name, in order of first mention, each once.
func (c *Catalog) exact(texts ...string) []Product {
	var hits []int
	for _, text := range texts {
		toks := tokens(text)
		for i := 0; i < len(toks); {
			if j, ok := c.bySKU[toks[i].text]; ok && !slices.Contains(hits, j) {
				hits = append(hits, j)
			}
			var n int
			hits, n = c.names(toks, i, hits)
			i += max(1, n)
		}
	}
	out := make([]Product, len(hits))
	for k, j := range hits {
		out[k] = c.products[j]
	}
	return out
}

// names adds the products whose normalized name starts at toks[i], the
// longest first (a name holding another name is the one meant), and
// returns how many tokens the name covers (0 for none): the words inside
// it name nothing else.
func (c *Catalog) names(toks []token, i int, hits []int) ([]int, int) {
	for n := min(maxNameWords, len(toks)-i); n >= 1; n-- {
		parts := make([]string, n)
		for k := range n {
			parts[k] = transform.NormalizeName(toks[i+k].text)
		}
		if ids, ok := c.byName[strings.Join(parts, " ")]; ok {
			for _, j := range ids {
				if !slices.Contains(hits, j) {
					hits = append(hits, j)
				}
			}
			return hits, n
		}
	}
	return hits, 0
}

// Candidate is a product an inquiry shares words with, and how much.
type Candidate struct {
	Product
	Overlap float64 `json:"-"`
}

// candidates returns up to limit products sharing at least minOverlap
// weighted words with text, the best first (ties by SKU).
func (c *Catalog) candidates(text string, limit int, minOverlap float64) []Candidate {
	score := map[int]float64{}
	seen := map[string]bool{}
	for _, t := range tokens(text) {
		w := weight(t)
		if w == 0 || seen[t.text] {
			continue
		}
		seen[t.text] = true
		if c.common[t.text] {
			w /= 4
		}
		for _, j := range c.byWord[t.text] {
			score[j] += w
		}
	}
	var out []Candidate
	for j, s := range score {
		if s >= minOverlap {
			out = append(out, Candidate{Product: c.products[j], Overlap: s})
		}
	}
	slices.SortFunc(out, func(a, b Candidate) int {
		return cmp.Or(cmp.Compare(b.Overlap, a.Overlap), strings.Compare(a.SKU, b.SKU))
	})
	return out[:min(limit, len(out))]
}
