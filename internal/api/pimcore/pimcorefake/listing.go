package pimcorefake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/graphql-go/graphql"
)

// listing answers getProductListing: filter, published, sortBy, then the
// offset page, with totalCount over the whole filtered set.
func (s *Server) listing(p graphql.ResolveParams) (any, error) {
	var cond any
	if f, _ := p.Args["filter"].(string); f != "" {
		dec := json.NewDecoder(bytes.NewReader([]byte(f)))
		dec.UseNumber()
		if err := dec.Decode(&cond); err != nil {
			return nil, fmt.Errorf("filter is not JSON: %v", err)
		}
	}
	all := true
	if pub, ok := p.Args["published"].(bool); !ok || pub {
		all = false
	}
	var hits []*Object
	for _, o := range s.objs {
		ok, err := match(o, cond)
		if err != nil {
			return nil, err
		}
		if ok && (all || o.Published) {
			hits = append(hits, o)
		}
	}
	if err := order(hits, p.Args["sortBy"], p.Args["sortOrder"]); err != nil {
		return nil, err
	}
	total := len(hits)
	after, _ := p.Args["after"].(int)
	first, ok := p.Args["first"].(int)
	if !ok {
		first = total
	}
	hits = hits[min(after, total):min(after+first, total)]
	edges := make([]map[string]any, len(hits))
	for i, o := range hits {
		edges[i] = map[string]any{"cursor": fmt.Sprintf("object-%d", o.ID), "node": o}
	}
	if s.AfterListing != nil {
		served := make([]int64, len(hits))
		for i, o := range hits {
			served[i] = o.ID
		}
		s.AfterListing(s, served)
	}
	return map[string]any{"totalCount": total, "edges": edges}, nil
}

// order sorts by sortBy/sortOrder (id, modificationDate); without sortBy
// the order is the "database's": by SKU, descending.
func order(hits []*Object, by, dir any) error {
	keys, _ := by.([]any)
	dirs, _ := dir.([]any)
	if len(keys) == 0 {
		sort.Slice(hits, func(i, j int) bool { return hits[i].SKU > hits[j].SKU })
		return nil
	}
	for _, k := range keys {
		if k != "id" && k != "modificationDate" {
			return fmt.Errorf("cannot sort by %v", k)
		}
	}
	sort.SliceStable(hits, func(i, j int) bool {
		for n, k := range keys {
			a, b := value(hits[i], k.(string)), value(hits[j], k.(string))
			if a == b {
				continue
			}
			if n < len(dirs) && strings.EqualFold(fmt.Sprint(dirs[n]), "DESC") {
				return a > b
			}
			return a < b
		}
		return false
	})
	return nil
}

func value(o *Object, field string) int64 {
	if field == "id" {
		return o.ID
	}
	return o.Mod
}

// match evaluates Pimcore's filter syntax: {"$and":[…]}, {"$or":[…]},
// {"field": value} and {"field": {"$gt"|"$gte"|"$lt"|"$lte": n}} on id,
// modificationDate and sku. There is no $in, as in Pimcore.
func match(o *Object, cond any) (bool, error) {
	if cond == nil {
		return true, nil
	}
	m, ok := cond.(map[string]any)
	if !ok {
		return false, fmt.Errorf("filter condition %v is not an object", cond)
	}
	for k, v := range m {
		ok, err := matchKey(o, k, v)
		if err != nil || !ok {
			return false, err
		}
	}
	return true, nil
}

func matchKey(o *Object, k string, v any) (bool, error) {
	switch k {
	case "$and", "$or":
		list, ok := v.([]any)
		if !ok {
			return false, fmt.Errorf("%s needs an array", k)
		}
		for _, c := range list {
			ok, err := match(o, c)
			if err != nil {
				return false, err
			}
			if ok == (k == "$or") {
				return ok, nil
			}
		}
		return k == "$and", nil
	case "sku":
		return v == o.SKU, nil
	case "id", "modificationDate":
		return compare(value(o, k), v)
	}
	return false, fmt.Errorf("unknown filter field %q", k)
}

func compare(have int64, v any) (bool, error) {
	ops, ok := v.(map[string]any)
	if !ok {
		ops = map[string]any{"$eq": v}
	}
	for op, raw := range ops {
		n, ok := raw.(json.Number)
		want, err := n.Int64()
		if !ok || err != nil {
			return false, fmt.Errorf("filter value %v is not an integer", raw)
		}
		var hit bool
		switch op {
		case "$eq":
			hit = have == want
		case "$gt":
			hit = have > want
		case "$gte":
			hit = have >= want
		case "$lt":
			hit = have < want
		case "$lte":
			hit = have <= want
		default:
			return false, fmt.Errorf("unknown filter operator %q", op)
		}
		if !hit {
			return false, nil
		}
	}
	return true, nil
}
