package store

import "strings"

// filterSQL collects the conditions of a list read's WHERE clause and their
// arguments; an empty filter field adds none, so it selects all.
type filterSQL struct {
	conds []string
	args  []any
}

// add adds cond with the arguments of its placeholders.
func (w *filterSQL) add(cond string, vs ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, vs...)
}

// eq adds col = v, unless v is empty.
func (w *filterSQL) eq(col, v string) {
	if v != "" {
		w.add(col+" = ?", v)
	}
}

// and is the conditions joined by AND ("1 = 1" when there are none).
func (w *filterSQL) and() string {
	if len(w.conds) == 0 {
		return "1 = 1"
	}
	return strings.Join(w.conds, " AND ")
}

// sqlLimit is n as a LIMIT argument: -1 (no limit) when n <= 0.
func sqlLimit(n int) int {
	if n <= 0 {
		return -1
	}
	return n
}
