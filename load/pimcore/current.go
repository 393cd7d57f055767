package pimcore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	api "github.com/stewardhq/steward/internal/api/pimcore"
	"github.com/stewardhq/steward/load"
)

// object is what Pimcore holds for one item before the write.
type object struct {
	id   int64
	node map[string]json.RawMessage
}

// current reads the items' objects in one request of aliased lookups (o0,
// o1, …). An item whose object is missing, ambiguous or unreadable is
// rejected in outcomes; a failure of the whole request is an error.
func (l *Loader) current(ctx context.Context, items []load.Item, outcomes []load.Outcome) (map[int]object, error) {
	out := map[int]object{}
	var lookups []api.Lookup
	var idx []int
	for i, it := range items {
		lk, err := l.lookupOf(it)
		if err != nil {
			outcomes[i] = reject(it, err.Error())
			continue
		}
		lookups, idx = append(lookups, lk), append(idx, i)
	}
	if len(lookups) == 0 {
		return out, nil
	}
	q, vars := l.s.LookupQuery(lookups)
	data, byAlias, err := l.do(ctx, q, vars)
	if err != nil {
		return nil, fmt.Errorf("read %d pimcore objects: %w", len(lookups), err)
	}
	for k, i := range idx {
		alias := "o" + strconv.Itoa(k)
		if msgs := byAlias[alias]; len(msgs) > 0 {
			outcomes[i] = reject(items[i], fmt.Sprintf("read product %s: %s", describe(items[i]), joinMsgs(msgs)))
			continue
		}
		o, err := l.found(lookups[k], data, alias)
		if err != nil {
			outcomes[i] = reject(items[i], fmt.Sprintf("product %s: %v", describe(items[i]), err))
			continue
		}
		out[i] = o
	}
	return out, nil
}

// do sends a request whose aliases may fail one by one: errors whose path
// names an alias come back by alias with the partial data; any other error
// fails the request.
func (l *Loader) do(ctx context.Context, q string, vars map[string]any) (map[string]json.RawMessage, map[string][]string, error) {
	raw, _, err := l.api.Do(ctx, q, vars)
	byAlias := map[string][]string{}
	var ee *api.ErrorsError
	if errors.As(err, &ee) {
		var whole []api.GraphQLError
		if byAlias, whole = ee.ByAlias(); len(whole) == 0 && len(ee.Data) > 0 && string(ee.Data) != "null" {
			raw, err = ee.Data, nil
		}
	}
	if err != nil {
		return nil, nil, err
	}
	var data map[string]json.RawMessage
	if err := json.Unmarshal(raw, &data); err != nil {
		return nil, nil, fmt.Errorf("decode data: %w", err)
	}
	return data, byAlias, nil
}

// lookupOf says how to find an item's object: by its id (UUID) when known,
// else by its SKU (ExternalID).
func (l *Loader) lookupOf(it load.Item) (api.Lookup, error) {
	if it.UUID != "" {
		id, err := strconv.ParseInt(it.UUID, 10, 64)
		if err != nil || id < 1 {
			return api.Lookup{}, fmt.Errorf("product id %q is not a Pimcore object id", it.UUID)
		}
		return api.Lookup{ID: id}, nil
	}
	if it.ExternalID == "" {
		return api.Lookup{}, fmt.Errorf("item %d has neither an object id nor a %s", it.ID, l.s.IdentifierField)
	}
	return api.Lookup{Identifier: it.ExternalID}, nil
}

// found reads one alias's answer: get<Class> (null: no such object) or a
// listing by identifier, which must hold exactly one object.
func (l *Loader) found(lk api.Lookup, data map[string]json.RawMessage, alias string) (object, error) {
	raw := data[alias]
	if lk.ID == 0 {
		listing, err := api.DecodeListing(mustObject(map[string]json.RawMessage{alias: raw}), alias)
		if err != nil {
			return object{}, err
		}
		switch {
		case listing.TotalCount == 0 || len(listing.Nodes) == 0:
			return object{}, fmt.Errorf("no object of class %s has %s %q", l.s.Class, l.s.IdentifierField, lk.Identifier)
		case listing.TotalCount > 1:
			return object{}, fmt.Errorf("%d objects of class %s have %s %q; not guessing which", listing.TotalCount, l.s.Class, l.s.IdentifierField, lk.Identifier)
		}
		raw = listing.Nodes[0]
	}
	if len(raw) == 0 || string(raw) == "null" {
		return object{}, fmt.Errorf("object %d of class %s does not exist", lk.ID, l.s.Class)
	}
	var node map[string]json.RawMessage
	if err := json.Unmarshal(raw, &node); err != nil {
		return object{}, fmt.Errorf("decode current object: %w", err)
	}
	var id string
	if json.Unmarshal(node["id"], &id) != nil {
		id = string(node["id"])
	}
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return object{}, fmt.Errorf("current object has no id")
	}
	if lk.ID == 0 {
		if err := l.sameIdentifier(lk.Identifier, n, node); err != nil {
			return object{}, err
		}
	}
	return object{id: n, node: node}, nil
}

// sameIdentifier checks that the object a listing found by identifier holds
// exactly that identifier: Pimcore's MySQL tables compare strings without
// case (utf8mb4_general_ci), so the filter {"sku":"SKU-1"} also finds an
// object whose sku is "sku-1", which is another product.
func (l *Loader) sameIdentifier(want string, id int64, node map[string]json.RawMessage) error {
	var have string
	if err := json.Unmarshal(node[l.s.IdentifierField], &have); err != nil {
		return fmt.Errorf("object %d found by %s %q has no readable %s", id, l.s.IdentifierField, want, l.s.IdentifierField)
	}
	if have != want {
		return fmt.Errorf("the object found for %s %q (object %d) has %s %q, another identifier; not writing to it", l.s.IdentifierField, want, id, l.s.IdentifierField, have)
	}
	return nil
}

func mustObject(data map[string]json.RawMessage) json.RawMessage {
	b, _ := json.Marshal(data)
	return b
}

// result is one mutation's answer.
type result struct {
	Success bool                       `json:"success"`
	Message string                     `json:"message"`
	Output  map[string]json.RawMessage `json:"output"`
}

// readBack compares the saved object's fields with the values written; it
// says what differs, "" when nothing does.
func readBack(checks []check, output map[string]json.RawMessage) string {
	for _, c := range checks {
		have, ok := output[c.alias]
		switch {
		case !ok:
			return fmt.Sprintf("the answer's output lacks %s", c.alias)
		case same(c.kind, have, c.want):
			continue
		case c.kind == api.KindMetric && c.want.Unit != "" && unitless(have):
			return fmt.Sprintf("%s was saved as %s without a unit: Pimcore has no unit with abbreviation %q", c.alias, have, c.want.Unit)
		}
		return fmt.Sprintf("%s was saved as %s", c.alias, have)
	}
	return ""
}

// unitless reports whether a quantity value read back has a null unit.
func unitless(raw json.RawMessage) bool {
	var q struct {
		Unit json.RawMessage `json:"unit"`
	}
	return json.Unmarshal(raw, &q) == nil && (len(q.Unit) == 0 || string(q.Unit) == "null")
}

func (r *result) reason() string {
	if r == nil {
		return "the mutation answered null"
	}
	if r.Message == "" {
		return "the save failed without a message"
	}
	return r.Message
}

// decodeResults reads u0…u<n-1> of a mutation's data.
func decodeResults(data map[string]json.RawMessage, n int) ([]*result, error) {
	out := make([]*result, n)
	for k := range out {
		alias := "u" + strconv.Itoa(k)
		if err := json.Unmarshal(orNull(data[alias]), &out[k]); err != nil {
			return nil, fmt.Errorf("decode mutation result %s: %w", alias, err)
		}
	}
	return out, nil
}

func orNull(raw json.RawMessage) json.RawMessage {
	if len(raw) == 0 {
		return json.RawMessage("null")
	}
	return raw
}

func joinMsgs(msgs []string) string { return strings.Join(msgs, "; ") }
