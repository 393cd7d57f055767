package console

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/stewardhq/steward/internal/store"
)

// escalationView is one escalation as its page shows it.
type escalationView struct {
	store.Escalation
	Open bool
	// Rows are the fields side by side (conflict first) for a conflict.
	Rows []fieldRow
	// Candidates are the records an ambiguous match could be.
	Candidates []candidateView
	// Keys are the match keys of the record an ambiguous match links.
	Keys []fact
	// Reps are the job's route.reps an escalated lead may go to.
	Reps []string
	// Analysis is the router's analysis of an escalated lead.
	Analysis []fact
	// Notice and Queued tell what a decision just did.
	Notice string
	Queued []string
	CanAct bool
}

// fieldRow is one field: the base (last synced) value, each side's, and
// whether the field is in conflict.
type fieldRow struct {
	Name, Base, Source, Target string
	Conflict                   bool
}

// candidateView is one record an ambiguous match could be, as the
// transform stage stores it.
type candidateView struct {
	System      string `json:"system"`
	NativeID    string `json:"native_id"`
	CanonicalID string `json:"canonical_id"`
}

// newEscalationView decodes an escalation's versions for its page. Versions
// that do not decode are an error naming the escalation.
func (s *Server) newEscalationView(e store.Escalation) (escalationView, error) {
	v := escalationView{Escalation: e, Open: e.Status == store.EscalationOpen}
	var err error
	switch e.Kind {
	case store.EscalationConflict:
		v.Rows, err = conflictRows(e)
	case store.EscalationAmbiguous:
		err = json.Unmarshal([]byte(e.TargetVersion), &v.Candidates)
		v.Keys = objectFacts(e.SourceVersion)
	case store.EscalationLeadRouting:
		v.Analysis = objectFacts(e.TargetVersion)
		if job, ok := s.job(e.Job); ok && job.Route != nil {
			for _, r := range job.Route.Reps {
				v.Reps = append(v.Reps, r.Email)
			}
		}
	}
	if err != nil {
		return v, fmt.Errorf("read escalation %d: %w", e.ID, err)
	}
	return v, nil
}

// conflictRows lists every field of either version, the fields in conflict
// first, each side by side with the base.
func conflictRows(e store.Escalation) ([]fieldRow, error) {
	var fields []string
	src, tgt, base := map[string]json.RawMessage{}, map[string]json.RawMessage{}, map[string]json.RawMessage{}
	for _, p := range []struct {
		raw string
		v   any
	}{{e.Fields, &fields}, {e.SourceVersion, &src}, {e.TargetVersion, &tgt}, {e.BaseVersion, &base}} {
		if p.raw == "" {
			continue
		}
		if err := json.Unmarshal([]byte(p.raw), p.v); err != nil {
			return nil, err
		}
	}
	names := map[string]bool{}
	for _, m := range []map[string]json.RawMessage{src, tgt} {
		for k := range m {
			names[k] = true
		}
	}
	var rows []fieldRow
	for k := range names {
		rows = append(rows, fieldRow{Name: k, Base: shown(base[k]), Source: shown(src[k]), Target: shown(tgt[k]), Conflict: slices.Contains(fields, k)})
	}
	sort.Slice(rows, func(i, j int) bool {
		if rows[i].Conflict != rows[j].Conflict {
			return rows[i].Conflict
		}
		return rows[i].Name < rows[j].Name
	})
	return rows, nil
}

// shown renders a JSON value: a string as its text, anything else as JSON.
func shown(v json.RawMessage) string {
	var s string
	if json.Unmarshal(v, &s) == nil {
		return s
	}
	return strings.TrimSpace(string(v))
}

// objectFacts lists a JSON object's members by name; anything else is one
// unnamed fact.
func objectFacts(raw string) []fact {
	var m map[string]json.RawMessage
	if json.Unmarshal([]byte(raw), &m) != nil {
		if strings.TrimSpace(raw) == "" {
			return nil
		}
		return []fact{{"", raw}}
	}
	out := make([]fact, 0, len(m))
	for k, v := range m {
		out = append(out, fact{k, shown(v)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
