package route

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/stewardhq/steward/internal/store"
	"github.com/stewardhq/steward/transform"
)

// Deriver adapts a Router to the transform stage: it routes each changed
// lead once per change of what routing reads.
type Deriver struct{ Router *Router }

// Inputs implements transform.Deriver: a fingerprint of the lead's inquiry
// fields. Owner and change time are left out, so steward's own write-back
// coming back as a change (and a person's reassignment) routes nothing again.
func (d Deriver) Inputs(e transform.Entity) (string, error) {
	l, ok := e.(*transform.Lead)
	if !ok {
		return "", fmt.Errorf("the router routes leads, not %T", e)
	}
	parts := []string{strings.ToLower(l.Email), l.Company, l.Domain, l.Country, l.Interest, l.Message}
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(sum[:16]), nil
}

// Derive implements transform.Deriver: the routing fields, or the lead and
// the analysis as an escalation of kind lead_routing.
func (d Deriver) Derive(ctx context.Context, key string, e transform.Entity) (transform.Derived, error) {
	l, ok := e.(*transform.Lead)
	if !ok {
		return transform.Derived{}, &transform.BadRecordError{Err: fmt.Errorf("route record %s: not a lead (%T)", key, e)}
	}
	o, err := d.Router.Route(ctx, l)
	if err != nil {
		return transform.Derived{}, err
	}
	if o.Escalate != "" {
		return escalation(l, o)
	}
	// A lead routed now needs no person: an escalation left open from an
	// earlier version of its inquiry is closed with the routing.
	closes := &transform.Closes{Kind: store.EscalationLeadRouting, Why: "routed automatically"}
	if l.Owner != "" {
		// Someone in the CRM assigned the lead already: people decide, so
		// the routing scores it and leaves the owner.
		o.Owner = ""
		o.Reasons = append(o.Reasons, "+0 the lead already has an owner in the CRM; kept")
		closes.Why = "scored automatically, its owner in the CRM kept,"
	}
	fields, err := o.Fields()
	return transform.Derived{Fields: fields, Closes: closes}, err
}

// Fields are the routing's canonical fields: owner (unless kept), score,
// model, reasons, matched products and next steps (model and reasons always
// with the score).
func (o Outcome) Fields() (map[string]json.RawMessage, error) {
	vals := map[string]any{"owner": o.Owner, "score": o.Score, "model": o.Model, "reasons": o.Reasons,
		"matched_products": o.Matched, "next_steps": o.NextSteps}
	if o.Owner == "" {
		delete(vals, "owner")
	}
	out := make(map[string]json.RawMessage, len(vals))
	for k, v := range vals {
		b, err := json.Marshal(v)
		if err != nil {
			return nil, fmt.Errorf("encode routing field %s: %w", k, err)
		}
		out[k] = b
	}
	return out, nil
}

func escalation(l *transform.Lead, o Outcome) (transform.Derived, error) {
	rec, err := json.Marshal(l)
	if err != nil {
		return transform.Derived{}, fmt.Errorf("encode lead %s: %w", l.ID, err)
	}
	an, err := json.Marshal(o.Analysis)
	if err != nil {
		return transform.Derived{}, fmt.Errorf("encode the analysis of lead %s: %w", l.ID, err)
	}
	return transform.Derived{Escalation: &transform.DerivedEscalation{Kind: store.EscalationLeadRouting, Record: rec, Analysis: an,
		Reason: o.Escalate + ": " + o.Why}}, nil
}
