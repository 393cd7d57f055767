package salsify

import (
	"fmt"
	"regexp"
	"strings"
	"time"
)

// The listing's filter parameter uses the Salsify filter language: a leading
// "=", conditions joined by "," (AND), each 'property':operator('value')
// with property ids and values in single quotes. This client only filters on
// the update time, inclusive at both ends, at millisecond precision:
//
//	='salsify:updated_at':gte('2024-05-01T00:00:00.000Z'),'salsify:updated_at':lte('2024-05-01T23:59:59.999Z')
//
// (gte/lte on salsify:updated_at: verified-3p, as used by third-party Salsify
// clients; the time literal is RFC 3339 in UTC.) Every filter ends in
// ":product_type:all" so that parents and variants (leaf products) are all
// listed: a third-party client reading changes for a full sync appends it to
// its salsify:updated_at filter (verified-3p), and which products a filter
// without it selects is not documented.

// UpdatedAt is the system field of a product's update time.
const UpdatedAt = "salsify:updated_at"

// ProductTypeAll is the filter suffix selecting every product type.
const ProductTypeAll = ":product_type:all"

// ProductTypeLeaf is the filter suffix selecting products without children
// (simple products and children), for Options.Leaves.
const ProductTypeLeaf = ":product_type:leaf"

// TimeLayout is the filter's time literal.
const TimeLayout = "2006-01-02T15:04:05.000Z"

// Floor is the lower bound a pass without one sends: Salsify documents no
// order for a listing (the harvested docs have no sort parameter), and an
// unfiltered listing need not come in any order at all (the emulator serves
// it in a hash order), while the windows by update time need the listing
// ordered by salsify:updated_at. A listing filtered on salsify:updated_at is
// read as ordered by it (unverified: the extractor checks every page and
// stops with a clear error when it is not), so every pass filters, from the
// Unix epoch when it has no lower bound of its own.
var Floor = time.Unix(0, 0).UTC()

// OrderedFilter is UpdatedFilter with Floor as the lower bound when from is
// zero: a listing filter that is never empty.
func OrderedFilter(from, to time.Time) string {
	if from.IsZero() {
		from = Floor
	}
	return UpdatedFilter(from, to)
}

// UpdatedFilter returns the filter for products updated at or after from
// and at or before to; a zero bound is left out, and both zero give "".
func UpdatedFilter(from, to time.Time) string {
	var conds []string
	if !from.IsZero() {
		conds = append(conds, fmt.Sprintf("'%s':gte('%s')", UpdatedAt, from.UTC().Format(TimeLayout)))
	}
	if !to.IsZero() {
		conds = append(conds, fmt.Sprintf("'%s':lte('%s')", UpdatedAt, to.UTC().Format(TimeLayout)))
	}
	if len(conds) == 0 {
		return ""
	}
	return "=" + strings.Join(conds, ",") + ProductTypeAll
}

var condRE = regexp.MustCompile(`^'salsify:updated_at':(gte|lte)\('([^']+)'\)$`)

// ParseUpdatedFilter reads back a filter made by UpdatedFilter or
// OrderedFilter (a lower bound at Floor reads as none).
func ParseUpdatedFilter(f string) (from, to time.Time, err error) {
	if f == "" {
		return from, to, nil
	}
	body, ok := strings.CutPrefix(strings.TrimSuffix(strings.TrimSuffix(f, ProductTypeAll), ProductTypeLeaf), "=")
	if !ok {
		return from, to, fmt.Errorf("filter %q does not start with =", f)
	}
	for _, c := range strings.Split(body, ",") {
		m := condRE.FindStringSubmatch(c)
		if m == nil {
			return from, to, fmt.Errorf("filter condition %q is not on %s", c, UpdatedAt)
		}
		t, err := time.Parse(TimeLayout, m[2])
		if err != nil {
			return from, to, fmt.Errorf("filter condition %q: %w", c, err)
		}
		if m[1] == "gte" {
			if from = t; from.Equal(Floor) {
				from = time.Time{}
			}
		} else {
			to = t
		}
	}
	return from, to, nil
}
