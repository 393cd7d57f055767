package transform

import "encoding/json"

// decideLastWrite lets the newer change win by the systems' change times.
// Times within the skew margin of each other (or a time unknown on either
// side) are a tie that the leader wins, field by field. A target not known
// yet is written (first sync). Only fields that differ are written.
func decideLastWrite(p Policy, s Sides) Decision {
	if s.Target == nil {
		return Decision{Write: drift(s.Source, nil, all), Why: "first sync"}
	}
	src, tgt := s.Source.Changed, s.Target.Changed
	if !src.IsZero() && !tgt.IsZero() {
		d := src.Sub(tgt)
		switch {
		case d > p.SkewMargin:
			return Decision{Write: drift(s.Source, s.Target, all), Why: "source newer"}
		case d < -p.SkewMargin:
			return Decision{Write: map[string]json.RawMessage{}, Why: "target newer"}
		}
	}
	return Decision{Write: drift(s.Source, s.Target, p.sourceLeads), Why: "tie: leader"}
}

func all(string) bool { return true }
