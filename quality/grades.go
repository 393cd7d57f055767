package quality

import "sort"

// CellGroup aggregates the products graded in one channel × locale.
type CellGroup struct {
	Channel string `json:"channel"`
	Locale  string `json:"locale"`
	// Products counts the products graded here; Complete those filling
	// every attribute their family requires here.
	Products int `json:"products"`
	Complete int `json:"complete"`
	// Completeness, Enrichment, Consistency and Score are the products'
	// means (0–100); Grade is Grade(Score).
	Completeness float64 `json:"completeness"`
	Enrichment   float64 `json:"enrichment"`
	Consistency  float64 `json:"consistency"`
	Score        float64 `json:"score"`
	Grade        string  `json:"grade"`
	// Grades counts the products per grade, A to E.
	Grades map[string]int `json:"grades"`
}

// Name is the cell's name in reports: channel/locale.
func (g CellGroup) Name() string { return slotName(slot{locale: g.Locale, channel: g.Channel}) }

// GradeLetters are the grades, best first.
var GradeLetters = []string{"A", "B", "C", "D", "E"}

type cellAcc struct {
	products, complete                 int
	completeness, enrich, consist, sum float64
	grades                             map[string]int
}

// addCells adds one product's cells to the channel × locale aggregates.
func (a *aggregator) addCells(cells []CellResult) {
	for _, c := range cells {
		k := slot{locale: c.Locale, channel: c.Channel}
		acc, ok := a.cells[k]
		if !ok {
			acc = &cellAcc{grades: map[string]int{}}
			a.cells[k] = acc
		}
		acc.products++
		if len(c.Missing) == 0 {
			acc.complete++
		}
		acc.completeness += c.Completeness
		acc.enrich += c.Enrichment
		acc.consist += c.Consistency
		acc.sum += c.Score
		acc.grades[c.Grade]++
	}
}

// cellGroups returns the channel × locale aggregates sorted by channel and
// locale, nil when no product was graded.
func (a *aggregator) cellGroups() []CellGroup {
	var out []CellGroup
	for k, acc := range a.cells {
		n := float64(acc.products)
		g := CellGroup{Channel: k.channel, Locale: k.locale, Products: acc.products, Complete: acc.complete,
			Completeness: acc.completeness / n, Enrichment: acc.enrich / n, Consistency: acc.consist / n, Score: acc.sum / n, Grades: map[string]int{}}
		g.Grade = Grade(g.Score)
		for _, l := range GradeLetters {
			g.Grades[l] = acc.grades[l]
		}
		out = append(out, g)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Channel != out[j].Channel {
			return out[i].Channel < out[j].Channel
		}
		return out[i].Locale < out[j].Locale
	})
	return out
}
