package quality

import (
	"encoding/csv"
	"strconv"
)

// GradesFormat is the report format of the channel × locale grades as CSV,
// written as quality-<run>.grades.csv when the check graded products.
const GradesFormat = "grades.csv"

// roundCells rounds the aggregates' figures to one decimal as the JSON
// report writes every score.
func roundCells(gs []CellGroup) []CellGroup {
	out := make([]CellGroup, len(gs))
	for i, g := range gs {
		g.Completeness, g.Enrichment, g.Consistency, g.Score = round1(g.Completeness), round1(g.Enrichment), round1(g.Consistency), round1(g.Score)
		out[i] = g
	}
	return out
}

// writeGradesCSV writes one row per channel × locale: products graded,
// complete, the mean completeness, enrichment, consistency and score, the
// grade, and how many products got each grade.
func writeGradesCSV(w interface{ Write([]byte) (int, error) }, rep Report) error {
	cw := csv.NewWriter(w)
	head := []string{"run_id", "channel", "locale", "products", "complete", "completeness", "enrichment", "consistency", "score", "grade"}
	for _, l := range GradeLetters {
		head = append(head, "grade_"+l)
	}
	_ = cw.Write(head)
	for _, g := range roundCells(rep.Summary.Grades) {
		row := []string{itoa(rep.RunID), g.Channel, g.Locale, strconv.Itoa(g.Products), strconv.Itoa(g.Complete), num(g.Completeness),
			num(g.Enrichment), num(g.Consistency), num(g.Score), g.Grade}
		for _, l := range GradeLetters {
			row = append(row, strconv.Itoa(g.Grades[l]))
		}
		for i := range row {
			row[i] = SafeCell(row[i])
		}
		_ = cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }
