package hubspot

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	gostrings "strings"

	api "github.com/stewardhq/steward/internal/api/hubspot"
	"github.com/stewardhq/steward/load"
)

// routingFields are the fields a leads job writes to contacts: the
// router's (or a person's) decision, never the lead's own data.
var routingFields = []string{"owner", "score", "model", "reasons", "matched_products", "next_steps"}

// loadOwners reads the owners once, for a leads job, to map an owner's
// e-mail to the owner id hubspot_owner_id holds.
func (l *Loader) loadOwners(ctx context.Context) error {
	if l.dataType != "leads" || l.ownerIDs != nil {
		return nil
	}
	owners, err := l.api.Owners(ctx)
	if err != nil {
		return err
	}
	l.ownerIDs, l.ownerKnown = api.OwnerIDs(owners), map[string]bool{}
	for _, o := range owners {
		l.ownerKnown[o.ID] = !o.Archived
	}
	return nil
}

// lead maps a routing to contact properties: the owner (an e-mail becomes
// its owner's id; an owner id is kept), score, model, reasons (joined with
// "; "), matched products (joined with ", ") and next steps. A routing
// always carries its model and reasons.
func (l *Loader) lead(it load.Item) (map[string]string, error) {
	props := map[string]string{}
	for _, f := range slices.Sorted(maps.Keys(it.Fields)) {
		if !slices.Contains(routingFields, f) {
			return nil, fmt.Errorf("field %s is not written to contacts (a leads job writes %s)", f, gostrings.Join(routingFields, ", "))
		}
		v, err := l.routingValue(f, it.Fields[f])
		if err != nil {
			return nil, fmt.Errorf("field %s: %w", f, err)
		}
		p, ok := l.obj.Fields[f]
		if !ok {
			return nil, fmt.Errorf("field %s has no HubSpot contact property (settings contacts.fields)", f)
		}
		props[p] = v
	}
	if gostrings.TrimSpace(props[l.obj.Fields["model"]]) == "" || gostrings.TrimSpace(props[l.obj.Fields["reasons"]]) == "" {
		return nil, fmt.Errorf("a routing without its model and reasons: both are written with every routing")
	}
	return props, nil
}

// routingValue is one routing field as the contact property holds it.
func (l *Loader) routingValue(f string, raw json.RawMessage) (string, error) {
	switch f {
	case "owner":
		v, err := text(raw)
		if err != nil {
			return "", err
		}
		return l.ownerID(v)
	case "matched_products":
		var skus []string
		if err := json.Unmarshal(raw, &skus); err != nil {
			return "", fmt.Errorf("not a list of strings: %v", err)
		}
		return gostrings.Join(skus, ", "), nil
	case "next_steps":
		return text(raw)
	}
	return scoreValue(f, raw)
}

// ownerID is the owner id of an e-mail, or the id itself when it is one.
func (l *Loader) ownerID(v string) (string, error) {
	v = gostrings.TrimSpace(v)
	if !gostrings.Contains(v, "@") {
		if !l.ownerKnown[v] {
			return "", fmt.Errorf("owner %q is no active HubSpot owner id", v)
		}
		return v, nil
	}
	id, ok := l.ownerIDs[gostrings.ToLower(v)]
	if !ok {
		return "", fmt.Errorf("no active HubSpot owner has the e-mail %q (GET %s)", v, api.OwnersPath)
	}
	return id, nil
}
