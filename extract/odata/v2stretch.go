package odata

import (
	"encoding/json"
	"strings"
	"time"

	api "github.com/stewardhq/steward/internal/api/odata"
)

// A key set pass over an entity whose never-changed rows carry a null date
// field (SAP's business partners: LastChangeDate null) reads two
// stretches, as the v4 extractor reads its null cursors: first the rows
// with a null date field, ordered and bounded by their creation date, time
// and key, then the rest, ordered and bounded by the date, time and key.
// Null is neither ge nor lt a date, so one order could not page past them.

// twoStretches reports whether a pass reads the never-changed stretch.
func (e *V2Extractor) twoStretches() bool { return e.mapper.createdDate != "" }

// inCreated reports whether a key set link reads the never-changed stretch.
func (e *V2Extractor) inCreated(link string) bool {
	return e.twoStretches() && strings.HasPrefix(api.FilterOf(link), e.mapper.dateField+" eq null")
}

// isNeverChanged reports whether an entity belongs to the never-changed
// stretch: its date field is null.
func (e *V2Extractor) isNeverChanged(raw json.RawMessage) bool {
	props, err := lenientProps(raw)
	return err == nil && e.mapper.neverChanged(props)
}

// order is a stretch's key set order (created: the never-changed one):
// date, time of day, key properties.
func (e *V2Extractor) order(created bool) []string {
	var out []string
	switch {
	case created:
		out = append(out, e.mapper.createdDate)
		if e.mapper.createdTime != "" {
			out = append(out, e.mapper.createdTime)
		}
	case e.mapper.dateField != "":
		out = append(out, e.mapper.dateField)
		if e.mapper.timeField != "" {
			out = append(out, e.mapper.timeField)
		}
	}
	return append(out, e.entity.Key...)
}

// query is the request for top rows of a stretch within b after pos (nil:
// from the start).
func (e *V2Extractor) query(b bounds, created bool, pos []string, top int) api.Query {
	order := e.order(created)
	q := api.Query{Filter: e.filter(b, created), Select: e.entity.Select, Expand: e.entity.Expand, OrderBy: order, V2: true}
	if len(q.Select) > 0 {
		q.Select = append(append([]string{}, q.Select...), missing(q.Select, append(append(e.order(false), e.order(true)...), e.entity.Expand...))...)
	}
	if !e.keyset() {
		q.OrderBy = e.entity.Key
		return q
	}
	q.Top = top
	if pos != nil {
		q.Filter = joinAnd(q.Filter, after(order, pos))
	}
	return q
}

// filter selects a stretch's rows within b. Its date bounds are the
// service's wall clock days: from the day before b.lower less the zone's
// largest offset change (the repeated autumn hour), up to b.until's day
// plus that change; the exact bounds are applied client side. Paging by
// the server, one filter covers both stretches:
// (date ge X) or (date eq null and created ge X).
func (e *V2Extractor) filter(b bounds, created bool) string {
	var parts []string
	d := e.mapper.dateField
	switch {
	case d == "":
	case !e.twoStretches():
		parts = e.dayBounds(d, b)
	case !e.keyset() && (!b.lower.IsZero() || !b.until.IsZero()):
		changed := strings.Join(e.dayBounds(d, b), " and ")
		never := strings.Join(append([]string{d + " eq null"}, e.dayBounds(e.mapper.createdDate, b)...), " and ")
		parts = append(parts, "(("+changed+") or ("+never+"))")
	case !e.keyset():
	case created:
		parts = append([]string{d + " eq null"}, e.dayBounds(e.mapper.createdDate, b)...)
	default:
		parts = append([]string{d + " ne null"}, e.dayBounds(d, b)...)
	}
	if e.entity.Filter != "" {
		parts = append(parts, "("+e.entity.Filter+")")
	}
	return strings.Join(parts, " and ")
}

// dayBounds bounds an Edm.DateTime date property by b, in wall clock days
// of the service's zone.
func (e *V2Extractor) dayBounds(prop string, b bounds) []string {
	var parts []string
	loc := e.mapper.loc
	if loc == nil {
		loc = time.UTC
	}
	if !b.lower.IsZero() {
		widened := b.lower.Add(-api.OffsetSpread(loc, b.lower))
		parts = append(parts, prop+" ge "+api.DateTimeV2(api.Wall(widened, loc).Truncate(24*time.Hour).AddDate(0, 0, -1)))
	}
	if !b.until.IsZero() {
		widened := b.until.Add(api.OffsetSpread(loc, b.until))
		parts = append(parts, prop+" le "+api.DateTimeV2(api.Wall(widened, loc).Truncate(24*time.Hour)))
	}
	return parts
}
