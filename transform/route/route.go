// Package route is the leads router: from a lead's inquiry it finds the
// product meant (exact SKU or name first, then a language model choosing
// among candidates from a closed answer set), the account the lead belongs
// to, and the sales rep whose portfolio fits, scores the lead and says why.
// When it is unsure (spam, no product, several products, two accounts, a
// low score) it escalates with its analysis instead of guessing. Lead text
// is data throughout: nothing in it is followed as an instruction.
package route

import (
	"context"
	"fmt"
	"strings"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/transform"
)

// Version names the router's rules; every routing it writes carries it.
const Version = "steward-router/1"

// Escalation reasons.
const (
	ReasonSpam               = "spam"
	ReasonNoProduct          = "no_product"
	ReasonAmbiguousProduct   = "ambiguous_product"
	ReasonConflictingAccount = "conflicting_account"
	ReasonNoRep              = "no_rep"
	ReasonLowScore           = "low_score"
)

// maxCandidates bounds the products a model chooses among; minOverlap is
// the weighted word overlap a product needs to be a candidate at all.
const (
	maxCandidates = 8
	minOverlap    = 2
)

// Router routes leads. It counts the leads it gives each rep, so one
// Router serves one run; it is not safe for concurrent use.
type Router struct {
	catalog  *Catalog
	accounts *Accounts
	llm      Chooser
	minScore float64
	reps     *portfolio
}

// New returns a router over a catalog and accounts with the configured
// reps and threshold; llm may be nil (exact matches only).
func New(cfg *config.Route, cat *Catalog, acc *Accounts, llm Chooser) *Router {
	return &Router{catalog: cat, accounts: acc, llm: llm, minScore: cfg.Threshold(), reps: newPortfolio(cfg.Reps)}
}

// Outcome is the router's decision on one lead: a routing (Owner set) or an
// escalation (Escalate set, Why its one-line reason). Analysis says how.
type Outcome struct {
	Owner     string
	Score     string
	Model     string
	Reasons   []string
	Matched   []string
	NextSteps string
	Escalate  string
	Why       string
	Analysis  Analysis
}

// Analysis is what the router found, kept with an escalation for the
// person deciding it.
type Analysis struct {
	SpamMarkers []string    `json:"spam_markers,omitempty"`
	Instruction []string    `json:"instruction_text_ignored,omitempty"`
	Exact       []string    `json:"exact_matches,omitempty"`
	Candidates  []Candidate `json:"candidates,omitempty"`
	LLMModel    string      `json:"llm_model,omitempty"`
	LLMAnswer   *string     `json:"llm_answer,omitempty"`
	Product     *Product    `json:"product,omitempty"`
	Domain      string      `json:"domain,omitempty"`
	AccountBy   string      `json:"accounts_matched_by,omitempty"`
	Accounts    []Account   `json:"accounts,omitempty"`
	Reps        []RepScore  `json:"rep_scores,omitempty"`
	Score       string      `json:"score,omitempty"`
	Reasons     []string    `json:"reasons,omitempty"`
	Reason      string      `json:"reason,omitempty"`
}

// Route decides one lead. An error is a failure to ask the model (the run
// fails and the lead is routed by a later run), never the lead's own.
func (r *Router) Route(ctx context.Context, l *transform.Lead) (Outcome, error) {
	var o Outcome
	a := &o.Analysis
	text := l.Interest + "\n" + l.Message
	a.SpamMarkers = markers(text+"\n"+l.Company, spamMarkers)
	a.Instruction = markers(text, injectionMarkers)
	if len(a.SpamMarkers) >= 2 || len(a.SpamMarkers) == 1 && len(a.Instruction) > 0 {
		return r.escalate(o, ReasonSpam, "reads as spam ("+strings.Join(a.SpamMarkers, ", ")+")"), nil
	}
	p, esc, why, err := r.product(ctx, l, a)
	if err != nil || esc != "" {
		return r.escalate(o, esc, why), err
	}
	a.Product = p
	accs, by := r.accounts.match(l)
	a.Domain, a.AccountBy, a.Accounts = r.accounts.leadDomain(l), by, accs
	if len(accs) > 1 {
		return r.escalate(o, ReasonConflictingAccount, fmt.Sprintf("%s matches %d accounts: %s", by, len(accs), accountNames(accs))), nil
	}
	return r.assign(o, l)
}

// escalate fills the outcome of an escalation.
func (r *Router) escalate(o Outcome, reason, why string) Outcome {
	if reason == "" {
		return o
	}
	o.Escalate, o.Why = reason, why
	o.Analysis.Reason = reason + ": " + why
	return o
}

func accountNames(as []Account) string {
	names := make([]string, len(as))
	for i, a := range as {
		names[i] = fmt.Sprintf("%s (%s)", a.Name, a.Key)
	}
	return strings.Join(names, ", ")
}
