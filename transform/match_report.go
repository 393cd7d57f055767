package transform

import (
	"fmt"
	"strings"
)

// reportKeys caps how many record keys a match report lists per kind.
const reportKeys = 20

// MatchReport counts what identity resolution found: records already
// crosswalked, matched to another system's record, new (unmatched), and
// ambiguous, with the keys of the first unmatched and ambiguous ones.
type MatchReport struct {
	Known, Matched, New, Ambiguous int
	// Unmatched lists native ids of new records (at most 20).
	Unmatched []string
	// AmbiguousKeys describes ambiguous records (at most 20): the native id,
	// the match key and value, how many records it matched.
	AmbiguousKeys []string
}

func (r *MatchReport) add(n *int, keys *[]string, key string) {
	*n++
	if len(*keys) < reportKeys {
		*keys = append(*keys, key)
	}
}

// Merge adds another report's counts and keys to r.
func (r *MatchReport) Merge(o MatchReport) {
	r.Known += o.Known
	r.Matched += o.Matched
	r.New += o.New
	r.Ambiguous += o.Ambiguous
	r.Unmatched = append(r.Unmatched, o.Unmatched[:min(len(o.Unmatched), reportKeys-len(r.Unmatched))]...)
	r.AmbiguousKeys = append(r.AmbiguousKeys, o.AmbiguousKeys[:min(len(o.AmbiguousKeys), reportKeys-len(r.AmbiguousKeys))]...)
}

// String renders the report in a few lines for a person.
func (r MatchReport) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "identity: %d known, %d matched, %d new (unmatched), %d ambiguous", r.Known, r.Matched, r.New, r.Ambiguous)
	if len(r.Unmatched) > 0 {
		fmt.Fprintf(&b, "\n  unmatched: %s%s", strings.Join(r.Unmatched, ", "), more(r.New, len(r.Unmatched)))
	}
	if len(r.AmbiguousKeys) > 0 {
		fmt.Fprintf(&b, "\n  ambiguous: %s%s", strings.Join(r.AmbiguousKeys, ", "), more(r.Ambiguous, len(r.AmbiguousKeys)))
	}
	return b.String()
}

func more(total, shown int) string {
	if total > shown {
		return fmt.Sprintf(" and %d more", total-shown)
	}
	return ""
}
