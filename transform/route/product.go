package route

import (
	"context"
	"fmt"
	"strings"

	"github.com/stewardhq/steward/transform"
)

// product finds the one product the lead means: named exactly (by SKU or
// full name) once, or else chosen by the model among the candidates its
// words fit. It returns an escalation reason and why when there is none or
// more than one.
func (r *Router) product(ctx context.Context, l *transform.Lead, a *Analysis) (*Product, string, string, error) {
	exact := r.catalog.exact(l.Interest, l.Message)
	for _, p := range exact {
		a.Exact = append(a.Exact, p.SKU)
	}
	switch {
	case len(exact) == 1:
		return &exact[0], "", "", nil
	case len(exact) > 1:
		return nil, ReasonAmbiguousProduct, fmt.Sprintf("names %d products: %s", len(exact), strings.Join(a.Exact, ", ")), nil
	}
	cands := r.catalog.candidates(l.Interest+"\n"+l.Message, maxCandidates, minOverlap)
	a.Candidates = cands
	if len(cands) == 0 {
		return nil, ReasonNoProduct, "names no catalog product and fits none", nil
	}
	if r.llm == nil {
		return nil, ReasonAmbiguousProduct, fmt.Sprintf("no exact product; %d candidates and no model configured to choose", len(cands)), nil
	}
	return r.choose(ctx, l, cands, a)
}

// choose asks the model which candidate the lead means and accepts only a
// candidate's SKU or NONE.
func (r *Router) choose(ctx context.Context, l *transform.Lead, cands []Candidate, a *Analysis) (*Product, string, string, error) {
	prompt, err := ChoosePrompt(inquiry{Interest: l.Interest, Message: l.Message, Company: l.Company}, cands)
	if err != nil {
		return nil, "", "", err
	}
	answer, err := r.llm.Choose(ctx, prompt)
	if err != nil {
		return nil, "", "", fmt.Errorf("choose the product of lead %s: %w", l.ID, err)
	}
	a.LLMModel, a.LLMAnswer = r.llm.Model(), &answer
	sku, ok := closedAnswer(answer, cands)
	switch {
	case !ok:
		return nil, ReasonAmbiguousProduct, fmt.Sprintf("no exact product; the model's answer %.40q is none of the %d candidates", answer, len(cands)), nil
	case sku == "":
		return nil, ReasonAmbiguousProduct, fmt.Sprintf("no exact product; the model chose none of the %d candidates", len(cands)), nil
	}
	for i := range cands {
		if cands[i].SKU == sku {
			return &cands[i].Product, "", "", nil
		}
	}
	return nil, ReasonAmbiguousProduct, "the model's choice is not a candidate", nil
}
