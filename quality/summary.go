package quality

import "sort"

// Group is the score of a group of products (a family, a channel × locale).
type Group struct {
	Name        string  `json:"name"`
	Checked     int     `json:"checked"`
	Passing     int     `json:"passing"`
	Score       float64 `json:"score"`
	Grade       string  `json:"grade"`
	Enrichment  float64 `json:"enrichment"`
	Consistency float64 `json:"consistency"`
}

// RuleCount is how often one rule was broken.
type RuleCount struct {
	ID         string `json:"id"`
	Type       string `json:"type"`
	Severity   string `json:"severity"`
	Axis       string `json:"axis"`
	Attribute  string `json:"attribute"`
	Violations int    `json:"violations"`
	Fixable    int    `json:"fixable"`
	// NotEvaluated says why the rule could not be checked in this run.
	NotEvaluated string `json:"not_evaluated,omitempty"`
}

// Axes are the two Akeneo-style axes over all products.
type Axes struct {
	Enrichment       float64 `json:"enrichment"`
	EnrichmentGrade  string  `json:"enrichment_grade"`
	Consistency      float64 `json:"consistency"`
	ConsistencyGrade string  `json:"consistency_grade"`
}

// Summary is the outcome of one check over all products.
type Summary struct {
	Checked  int         `json:"total"`
	Passing  int         `json:"passing"`
	Score    float64     `json:"score"`
	Grade    string      `json:"grade"`
	Axes     Axes        `json:"axes"`
	Rules    []RuleCount `json:"rules"`
	Families []Group     `json:"families"`
	// ChannelLocales scores completeness per channel × locale of required rules.
	ChannelLocales []Group `json:"channel_locales"`
	// Grades aggregate the products' per channel × locale grades, when a
	// completeness rule graded them (see CellResult).
	Grades []CellGroup `json:"channel_locale_grades,omitempty"`
	// Warnings are problems with the check itself: rules not evaluated,
	// rules naming attributes, locales or channels the PIM does not have.
	Warnings []string `json:"warnings"`
}

type groupAcc struct {
	checked, passing int
	enrich, consist  float64
}

type aggregator struct {
	rules    []Rule
	counts   map[string]*RuleCount
	total    groupAcc
	families map[string]*groupAcc
	slots    map[string]*groupAcc
	cells    map[slot]*cellAcc
}

func newAggregator(rules []Rule) *aggregator {
	a := &aggregator{rules: rules, counts: map[string]*RuleCount{}, families: map[string]*groupAcc{}, slots: map[string]*groupAcc{},
		cells: map[slot]*cellAcc{}}
	for _, r := range rules {
		a.counts[r.ID] = &RuleCount{ID: r.ID, Type: r.Type, Severity: r.Severity, Axis: r.Axis, Attribute: r.Attribute}
	}
	return a
}

func (a *aggregator) add(res ProductResult) {
	for _, g := range []*groupAcc{&a.total, a.family(res.Family)} {
		g.checked++
		if res.Passing {
			g.passing++
		}
		g.enrich += res.Enrichment
		g.consist += res.Consistency
	}
	a.addCells(res.Cells)
	for _, v := range res.Violations {
		c := a.counts[v.Rule]
		c.Violations++
		if v.Fix != nil {
			c.Fixable++
		}
	}
}

func (a *aggregator) family(f string) *groupAcc {
	g, ok := a.families[f]
	if !ok {
		g = &groupAcc{}
		a.families[f] = g
	}
	return g
}

// slot records one product's completeness of one required slot.
func (a *aggregator) slot(r Rule, s slot, filled bool) {
	name := slotName(s)
	if name == "" {
		name = "(global)"
	}
	g, ok := a.slots[name]
	if !ok {
		g = &groupAcc{}
		a.slots[name] = g
	}
	g.checked++
	if filled {
		g.passing++
	}
}

func (g groupAcc) group(name string) Group {
	out := Group{Name: name, Checked: g.checked, Passing: g.passing}
	if g.checked > 0 {
		out.Score = 100 * float64(g.passing) / float64(g.checked)
		out.Enrichment = g.enrich / float64(g.checked)
		out.Consistency = g.consist / float64(g.checked)
	}
	out.Grade = Grade(out.Score)
	return out
}

func (a *aggregator) summary() Summary {
	t := a.total.group("all")
	s := Summary{Checked: t.Checked, Passing: t.Passing, Score: t.Score, Grade: t.Grade,
		Axes: Axes{Enrichment: t.Enrichment, EnrichmentGrade: Grade(t.Enrichment), Consistency: t.Consistency, ConsistencyGrade: Grade(t.Consistency)}}
	if t.Checked == 0 {
		s.Axes = Axes{EnrichmentGrade: "E", ConsistencyGrade: "E"}
	}
	for _, r := range a.rules {
		s.Rules = append(s.Rules, *a.counts[r.ID])
	}
	for name, g := range a.families {
		s.Families = append(s.Families, g.group(name))
	}
	sort.Slice(s.Families, func(i, j int) bool { return s.Families[i].Name < s.Families[j].Name })
	for name, g := range a.slots {
		grp := g.group(name)
		grp.Enrichment, grp.Consistency = grp.Score, 0
		s.ChannelLocales = append(s.ChannelLocales, grp)
	}
	sort.Slice(s.ChannelLocales, func(i, j int) bool { return s.ChannelLocales[i].Name < s.ChannelLocales[j].Name })
	s.Grades = a.cellGroups()
	return s
}
