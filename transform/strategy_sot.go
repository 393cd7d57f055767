package transform

// decideSourceOfTruth writes the source's values of the fields it leads;
// when the target's current values are known, only those that drifted (a
// price edited by hand is corrected, nothing else is written). Fields the
// target leads are never written.
func decideSourceOfTruth(p Policy, s Sides) Decision {
	w := drift(s.Source, s.Target, p.sourceLeads)
	why := "source of truth"
	if s.Target != nil {
		why = "source of truth: drift"
	}
	return Decision{Write: w, Why: why}
}
