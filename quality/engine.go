package quality

import (
	"fmt"

	"github.com/stewardhq/steward/transform"
)

// ProductResult is the verdict on one product.
type ProductResult struct {
	Key, SKU, Family string
	// Passing is true when the product breaks no error-level rule.
	Passing bool
	// Enrichment and Consistency are 0–100.
	Enrichment, Consistency float64
	Violations              []Violation
	// Cells grade the product per channel × locale (see CellResult).
	Cells []CellResult
}

// Products iterates the products to check; it may be called more than once.
type Products func(fn func(transform.Product) error) error

// Check runs every rule over every product. Each product's result goes to
// sink as soon as it is known, so memory stays flat; the summary aggregates
// them. Uniqueness rules take a first pass to count values.
func (rs *RuleSet) Check(each Products, c *Context, sink func(transform.Product, ProductResult) error) (Summary, error) {
	if err := rs.openDictionaries(); err != nil {
		return Summary{}, err
	}
	if err := rs.countUnique(each, c); err != nil {
		return Summary{}, err
	}
	c.notEvaluated = rs.notEvaluated(c)
	agg := newAggregator(rs.Rules)
	err := each(func(p transform.Product) error {
		res := rs.checkProduct(&p, c, agg)
		agg.add(res)
		return sink(p, res)
	})
	if err != nil {
		return Summary{}, fmt.Errorf("check products: %w", err)
	}
	s := agg.summary()
	s.Warnings = []string{}
	if c.PIM != nil {
		for _, u := range UnknownReferences(rs.Rules, *c.PIM) {
			s.Warnings = append(s.Warnings, u.String())
		}
	}
	for i, rc := range s.Rules {
		if why := c.notEvaluated[rc.ID]; why != "" {
			s.Rules[i].NotEvaluated = why
			s.Warnings = append(s.Warnings, fmt.Sprintf("rule %s: not evaluated: %s", rc.ID, why))
		}
	}
	return s, nil
}

// notEvaluated lists the rules that cannot be evaluated with what is staged:
// a cross-system rule when no ERP price in its currency is staged, a
// completeness rule when the PIM's requirements are not known. They are
// reported as such, never counted as passing.
func (rs *RuleSet) notEvaluated(c *Context) map[string]string {
	out := map[string]string{}
	for _, r := range rs.Rules {
		if r.Type == TypeCompleteness && !c.PIM.HasRequirements() {
			out[r.ID] = "the PIM's requirements per family and channel were not read"
		}
		if r.Type != TypeCrossSystem {
			continue
		}
		found := false
		for _, p := range c.ERP {
			if p.Currency == r.Currency {
				found = true
				break
			}
		}
		if !found {
			out[r.ID] = fmt.Sprintf("no ERP prices in %s are staged (source %s)", r.Currency, r.Source)
		}
	}
	return out
}

func (rs *RuleSet) countUnique(each Products, c *Context) error {
	var unique []Rule
	for _, r := range rs.Rules {
		if r.Type == TypeUnique {
			unique = append(unique, r)
		}
	}
	if len(unique) == 0 {
		return nil
	}
	c.Seen = map[string]map[string]int{}
	return each(func(p transform.Product) error {
		for _, r := range unique {
			if !r.applies(p.Family) {
				continue
			}
			if c.Seen[r.ID] == nil {
				c.Seen[r.ID] = map[string]int{}
			}
			for _, v := range p.Values {
				if v.Attribute == r.Attribute && !empty(v) {
					c.Seen[r.ID][v.String()]++
				}
			}
		}
		return nil
	})
}

func (rs *RuleSet) checkProduct(p *transform.Product, c *Context, agg *aggregator) ProductResult {
	res := ProductResult{Key: p.ID, SKU: p.Identifier, Family: p.Family, Passing: true}
	g := rs.newGrader(p, c)
	var n, ok [2]int // by axis: 0 enrichment, 1 consistency
	for _, r := range rs.Rules {
		axis := axisIndex(r.Axis)
		for _, o := range r.outcomes(p, c, g) {
			n[axis]++
			if r.Type == TypeRequired {
				agg.slot(r, o.slot, o.violation == nil)
			}
			g.count(r, o)
			if o.violation == nil {
				ok[axis]++
				continue
			}
			res.Violations = append(res.Violations, *o.violation)
			if r.Severity == Error {
				res.Passing = false
			}
		}
	}
	res.Enrichment, res.Consistency = ratio(ok[0], n[0]), ratio(ok[1], n[1])
	res.Cells = g.results()
	return res
}

// outcomes runs one rule over p: completeness per graded cell, spelling
// per text value, the others per slot.
func (r Rule) outcomes(p *transform.Product, c *Context, g *grader) []outcome {
	if _, skip := c.notEvaluated[r.ID]; skip {
		return nil
	}
	switch r.Type {
	case TypeCompleteness:
		return r.completenessOutcomes(p, g)
	case TypeSpelling:
		if !r.applies(p.Family) {
			return nil
		}
		return r.spellingOutcomes(p)
	}
	return r.check(p, c)
}

func axisIndex(axis string) int {
	if axis == Enrichment {
		return 0
	}
	return 1
}

func ratio(ok, n int) float64 {
	if n == 0 {
		return 100
	}
	return 100 * float64(ok) / float64(n)
}

// Grade turns a 0–100 score into A–E as Akeneo grades (≥ 90, 80, 70, 60).
func Grade(score float64) string {
	switch {
	case score >= 90:
		return "A"
	case score >= 80:
		return "B"
	case score >= 70:
		return "C"
	case score >= 60:
		return "D"
	}
	return "E"
}
