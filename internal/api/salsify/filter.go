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
// clients; the time literal is RFC 3339 in UTC.)

// UpdatedAt is the system field of a product's update time.
const UpdatedAt = "salsify:updated_at"

// TimeLayout is the filter's time literal.
const TimeLayout = "2006-01-02T15:04:05.000Z"

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
	return "=" + strings.Join(conds, ",")
}

var condRE = regexp.MustCompile(`^'salsify:updated_at':(gte|lte)\('([^']+)'\)$`)

// ParseUpdatedFilter reads back a filter made by UpdatedFilter.
func ParseUpdatedFilter(f string) (from, to time.Time, err error) {
	if f == "" {
		return from, to, nil
	}
	body, ok := strings.CutPrefix(f, "=")
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
			from = t
		} else {
			to = t
		}
	}
	return from, to, nil
}
