package route

import (
	"fmt"
	"strconv"

	"github.com/stewardhq/steward/transform"
)

// Score parts (they add up to 100 at most).
const (
	scoreExact       = 40
	scoreChosen      = 30
	scoreAccount     = 25
	scoreCompany     = 10
	scoreFullFit     = 25
	scoreFamilyFit   = 15
	scoreRegionFit   = 5
	scoreDetail      = 5
	scoreInstruction = -10
)

// assign chooses the owner of a lead whose product is known and whose
// account is at most one, scores it, and escalates below the threshold.
func (r *Router) assign(o Outcome, l *transform.Lead) (Outcome, error) {
	a := &o.Analysis
	p := a.Product
	score := 0
	add := func(points int, reason string) {
		score += points
		o.Reasons = append(o.Reasons, fmt.Sprintf("%+d %s", points, reason))
	}
	if a.LLMAnswer != nil {
		add(scoreChosen, fmt.Sprintf("the model chose %s (%s) among %d candidates", p.SKU, p.Name, len(a.Candidates)))
	} else {
		add(scoreExact, fmt.Sprintf("names %s (%s) exactly", p.SKU, p.Name))
	}
	owner, esc, why := r.owner(l, p, a, add)
	if esc != "" {
		return r.escalate(o, esc, why), nil
	}
	if l.Company != "" {
		add(scoreDetail, "gives a company")
	}
	if l.Country != "" {
		add(scoreDetail, "gives a country")
	}
	if len(a.Instruction) > 0 {
		add(scoreInstruction, "the message holds instruction-like text, ignored")
	}
	score = max(0, min(100, score))
	o.Score, a.Score, a.Reasons = strconv.Itoa(score), strconv.Itoa(score), o.Reasons
	if float64(score) < r.minScore {
		return r.escalate(o, ReasonLowScore, fmt.Sprintf("score %d is below %g", score, r.minScore)), nil
	}
	if l.Owner == "" {
		// A lead the CRM assigned keeps its owner (Deriver.Derive), so
		// it uses none of the rep's capacity.
		r.reps.give(owner)
	}
	o.Owner, o.Matched = owner, []string{p.SKU}
	o.Model = Version
	if a.LLMModel != "" {
		o.Model += " + " + a.LLMModel
	}
	o.NextSteps = nextSteps(p, a.Accounts)
	return o, nil
}

// owner is the account's owner for a lead of an existing account, else the
// rep whose portfolio fits best with capacity left.
func (r *Router) owner(l *transform.Lead, p *Product, a *Analysis, add func(int, string)) (string, string, string) {
	if len(a.Accounts) == 1 && a.Accounts[0].Owner != "" {
		acc := a.Accounts[0]
		add(scoreAccount, fmt.Sprintf("existing account %s (%s) by %s", acc.Name, acc.Key, a.AccountBy))
		add(scoreFullFit, "routed to the account's owner")
		return acc.Owner, "", ""
	}
	if a.Domain != "" {
		add(scoreCompany, "a company domain of its own ("+a.Domain+")")
	}
	a.Reps = r.reps.score(p.Family, l.Country)
	rep, ok := best(a.Reps)
	if !ok {
		return "", ReasonNoRep, fmt.Sprintf("no rep with capacity left covers family %q or country %q", p.Family, l.Country)
	}
	switch rep.Fit {
	case fitFull:
		add(scoreFullFit, fmt.Sprintf("%s covers %s in %s", rep.Email, p.Family, l.Country))
	case fitFamily:
		add(scoreFamilyFit, fmt.Sprintf("%s covers %s but not %s", rep.Email, p.Family, l.Country))
	default:
		add(scoreRegionFit, fmt.Sprintf("%s covers %s but not %s", rep.Email, l.Country, p.Family))
	}
	return rep.Email, "", ""
}

// nextSteps recommends what the owner does next.
func nextSteps(p *Product, accs []Account) string {
	s := fmt.Sprintf("Reply within one business day with a quote for %s (%s)", p.SKU, p.Name)
	if len(accs) == 1 {
		s += fmt.Sprintf("; existing account %s: check its open deals first", accs[0].Name)
	}
	return s + "."
}
