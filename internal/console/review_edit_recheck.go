package console

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/quality"
	"github.com/stewardhq/steward/transform"
	"github.com/stewardhq/steward/transform/drafts"
)

// recheckCorrection checks an edited correction as its rule checked the
// product: on the product as staged now, with the edit in the slot. The rule
// that proposed the correction must pass, and no rule may fail in the slot
// that passes with the proposed value; an edited text must also pass the
// drafts guardrail (no links, markup, instructions, and no number that is not
// quoted from the value it corrects or the proposal). When the edit cannot
// be checked (the rule or the staged product is gone), it is refused too: the
// proposal may still be approved as it is. The verdict says why an edit is
// refused; err is a failure to read the store.
func (s *Server) recheckCorrection(ctx context.Context, d store.Draft, proposed, edited transform.Value) (verdict string, err error) {
	rs, job, why := s.correctionRules(ctx, d)
	if why != "" {
		return why, nil
	}
	if _, ok := ruleByID(rs, d.Rule); !ok {
		return fmt.Sprintf("rule %s that proposed it is no longer in the rules, so the edit cannot be checked", d.Rule), nil
	}
	payload, ok, err := s.deps.Review.StagedPayload(ctx, job.DataType, job.Extract.System, d.ProductKey)
	if err != nil || !ok {
		return fmt.Sprintf("product %s is not staged, so the edit cannot be checked by rule %s", d.SKU, d.Rule), err
	}
	var p transform.Product
	if err := transform.DecodeProduct(payload, &p); err != nil {
		return "", fmt.Errorf("decode staged product %s: %w", d.ProductKey, err)
	}
	before, err := s.slotViolations(rs, p, proposed, d)
	if err != nil {
		return "", err
	}
	after, err := s.slotViolations(rs, p, edited, d)
	if err != nil {
		return "", err
	}
	return ruleVerdict(d.Rule, before, after, d, proposed, edited), nil
}

// ruleVerdict refuses an edit the proposing rule still fails, one that breaks
// a rule the proposal passes, and an edited text the guardrail flags.
func ruleVerdict(rule string, before, after map[string]string, d store.Draft, proposed, edited transform.Value) string {
	if msg, still := after[rule]; still {
		return fmt.Sprintf("rule %s still fails: %s", rule, msg)
	}
	for _, id := range slices.Sorted(maps.Keys(after)) {
		if _, was := before[id]; !was {
			return fmt.Sprintf("the edit breaks rule %s: %s", id, after[id])
		}
	}
	if edited.Kind == transform.KindText {
		if err := drafts.Verify(edited.Text, drafts.Facts{"corrects": correctedText(d.Facts), "proposed": proposed.Text}); err != nil {
			return "the guardrail flags this text: " + err.Error()
		}
	}
	return ""
}

// slotViolations runs the rules over p with v in its slot and returns the
// messages of the rules that fail in the draft's slot, by rule id.
func (s *Server) slotViolations(rs *quality.RuleSet, p transform.Product, v transform.Value, d store.Draft) (map[string]string, error) {
	p.Values = append([]transform.Value(nil), p.Values...)
	p.Set(v)
	out := map[string]string{}
	each := func(fn func(transform.Product) error) error { return fn(p) }
	_, err := rs.Check(each, &quality.Context{Now: s.deps.Now().UTC()}, func(_ transform.Product, res quality.ProductResult) error {
		for _, vi := range res.Violations {
			if vi.Attribute == d.Attribute && vi.Locale == d.Locale && vi.Channel == d.Channel {
				out[vi.Rule] = vi.Message
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("check the edit against the rules: %w", err)
	}
	return out, nil
}

// correctedText is the text of the value a correction corrects, from its
// stored facts ("" when it is not text or not stored).
func correctedText(facts string) string {
	var f drafts.Facts
	var v transform.Value
	if json.Unmarshal([]byte(facts), &f) != nil || json.Unmarshal([]byte(f["corrects"]), &v) != nil {
		return ""
	}
	return v.Text
}
