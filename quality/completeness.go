package quality

import (
	"fmt"
	"slices"
	"strings"

	"github.com/stewardhq/steward/transform"
)

// CellResult is one product's evaluation in one channel × locale, as
// Akeneo's Data Quality Insights evaluates a product per channel and
// locale. Cells exist when the rules hold a completeness rule and the PIM's
// schema says what the product's family requires.
//
// Score is the mean of Completeness and Consistency; Grade is Grade(Score):
// A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60, else E. A product missing one of six
// required values (83.3 % complete) with every other check passing scores
// 91.7, an A; missing two (66.7 %) with one of two checks failing scores
// 58.3, an E.
//
// A variant is evaluated on the values its PIM serves for it: Akeneo's
// /products returns a variant with the values it inherits from its product
// models (the sandbox's emulator too), so it needs no merging here; a
// connector whose PIM serves a variant without them would give the check
// transform.Product.Inherit(parent) instead.
type CellResult struct {
	Channel string `json:"channel,omitempty"`
	Locale  string `json:"locale,omitempty"`
	// Required counts the attributes the family requires on the channel;
	// Missing names those not filled in this channel and locale.
	Required int      `json:"required"`
	Missing  []string `json:"missing,omitempty"`
	// Completeness is the share of required attributes filled, 0–100.
	Completeness float64 `json:"completeness"`
	// Enrichment is the share of the family's other attributes filled,
	// 0–100: a measure, never a violation.
	Enrichment float64 `json:"enrichment"`
	// Consistency is the share of the other rules' checks looking at this
	// channel and locale that pass (100 when none does).
	Consistency float64 `json:"consistency"`
	// Violations counts the violations in this cell, completeness included.
	Violations int     `json:"violations"`
	Score      float64 `json:"score"`
	Grade      string  `json:"grade"`
}

// grader evaluates one product's cells while the rules run over it.
type grader struct {
	cells           []CellResult
	slots           []slot
	checked, passed []int
}

// newGrader prepares p's cells, or returns nil when the rules have no
// completeness rule or the PIM's schema does not know p's family.
func (rs *RuleSet) newGrader(p *transform.Product, c *Context) *grader {
	if !rs.completeness || !c.PIM.HasRequirements() {
		return nil
	}
	fam, ok := c.PIM.familyOf(p.Family)
	if !ok {
		return nil
	}
	g := &grader{}
	for _, s := range c.PIM.cellsOf(fam) {
		required := fam.Required[s.channel]
		cell := CellResult{Channel: s.channel, Locale: s.locale, Required: len(required)}
		for _, a := range required {
			if !filledIn(p, a, s) {
				cell.Missing = append(cell.Missing, a)
			}
		}
		cell.Completeness = ratio(len(required)-len(cell.Missing), len(required))
		var others, filled int
		for _, a := range fam.Attributes {
			if !slices.Contains(required, a) {
				others++
				if filledIn(p, a, s) {
					filled++
				}
			}
		}
		cell.Enrichment = ratio(filled, others)
		g.cells, g.slots = append(g.cells, cell), append(g.slots, s)
	}
	g.checked, g.passed = make([]int, len(g.cells)), make([]int, len(g.cells))
	return g
}

// count adds one rule outcome to the cells it looks at; completeness
// outcomes count as violations only (their share is Completeness).
func (g *grader) count(r Rule, o outcome) {
	if g == nil {
		return
	}
	for i, s := range g.slots {
		if !inCell(o.slot, s) {
			continue
		}
		if o.violation != nil {
			g.cells[i].Violations++
		}
		if r.Type == TypeCompleteness {
			continue
		}
		g.checked[i]++
		if o.violation == nil {
			g.passed[i]++
		}
	}
}

// results returns the graded cells.
func (g *grader) results() []CellResult {
	if g == nil {
		return nil
	}
	for i := range g.cells {
		c := &g.cells[i]
		c.Consistency = ratio(g.passed[i], g.checked[i])
		c.Score = (c.Completeness + c.Consistency) / 2
		c.Grade = Grade(c.Score)
	}
	return g.cells
}

// completenessOutcomes is one outcome per cell of p in the rule's channels
// and locales: a violation naming the required attributes not filled there.
func (r Rule) completenessOutcomes(p *transform.Product, g *grader) []outcome {
	if g == nil || !r.applies(p.Family) {
		return nil
	}
	var out []outcome
	for i, s := range g.slots {
		if (len(r.Channels) > 0 && !slices.Contains(r.Channels, s.channel)) || (len(r.Locales) > 0 && !slices.Contains(r.Locales, s.locale)) {
			continue
		}
		o := outcome{applicable: true, slot: s}
		if missing := g.cells[i].Missing; len(missing) > 0 {
			where := slotName(s)
			if where == "" {
				where = "every channel"
			}
			msg := fmt.Sprintf("%d of %d required attributes missing on %s: %s", len(missing), g.cells[i].Required, where, strings.Join(missing, ", "))
			o.violation = r.violation(p, strings.Join(missing, ","), s, msg)
		}
		out = append(out, o)
	}
	return out
}
