package hubspot

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
)

// Search limits on filters (PROTOCOLS.md §3.3).
const (
	maxGroups          = 5
	maxFiltersPerGroup = 10
	maxFilters         = 25
)

// searchRequest is the body of POST /crm/v3/objects/{type}/search.
type searchRequest struct {
	FilterGroups []filterGroup     `json:"filterGroups"`
	Sorts        []json.RawMessage `json:"sorts"`
	Properties   []string          `json:"properties"`
	Limit        *int              `json:"limit"`
	After        string            `json:"after"`
	Query        string            `json:"query"`
}

type filterGroup struct {
	Filters []filter `json:"filters"`
}

type filter struct {
	PropertyName string   `json:"propertyName"`
	Operator     string   `json:"operator"`
	Value        *string  `json:"value"`
	Values       []string `json:"values"`
	HighValue    *string  `json:"highValue"`
}

// sortSpec is one sort: a property, ascending or descending.
type sortSpec struct {
	PropertyName string `json:"propertyName"`
	Direction    string `json:"direction"`
}

// searchPage is a search's answer.
type searchPage struct {
	Total   int      `json:"total"`
	Results []object `json:"results"`
	Paging  *paging  `json:"paging,omitempty"`
}

// search serves a search: live records matching any filter group (all its
// filters), sorted, one page of them; no query reaches past SearchWindow
// results (a page ending there still links the next, which is refused).
func (e *Emulator) search(w http.ResponseWriter, r *http.Request, t *table) {
	var req searchRequest
	if !e.readJSON(w, r, &req) {
		return
	}
	limit, from, ok := e.searchWindow(w, req)
	if !ok {
		return
	}
	names, ok := e.propertyNames(w, t, req.Properties)
	if !ok || !e.checkFilters(w, t, req.FilterGroups) {
		return
	}
	sorts, ok := e.parseSorts(w, t, req.Sorts)
	if !ok {
		return
	}
	e.mu.RLock()
	hits := t.matching(req)
	t.sortRecords(hits, sorts)
	out := searchPage{Total: len(hits), Results: []object{}}
	end := min(from+limit, len(hits), e.opt.SearchWindow)
	for _, rec := range hits[min(from, len(hits)):max(end, min(from, len(hits)))] {
		out.Results = append(out.Results, t.render(rec, names))
	}
	e.mu.RUnlock()
	// More results link a next page even past the window: HubSpot offers
	// it, and following it is the 400.
	if end < len(hits) {
		out.Paging = &paging{}
		out.Paging.Next.After = strconv.Itoa(end)
	}
	writeJSON(w, http.StatusOK, out)
}

// searchWindow reads limit (1..SearchPageMax, default 10) and after (an
// offset below SearchWindow).
func (e *Emulator) searchWindow(w http.ResponseWriter, req searchRequest) (limit, from int, ok bool) {
	limit = 10
	if req.Limit != nil {
		limit = *req.Limit
	}
	if limit < 1 || limit > e.opt.SearchPageMax {
		e.invalid(w, fmt.Sprintf("limit must be between 1 and %d, got %d", e.opt.SearchPageMax, limit))
		return 0, 0, false
	}
	if req.After != "" {
		n, err := strconv.Atoi(req.After)
		if err != nil || n < 0 {
			e.invalid(w, "Invalid after: "+strconv.Quote(req.After))
			return 0, 0, false
		}
		from = n
	}
	if from >= e.opt.SearchWindow {
		e.invalid(w, fmt.Sprintf("The search API returns at most %d results per query; after %d is past them. Narrow the query (for example by a date window) instead of paging further.",
			e.opt.SearchWindow, from))
		return 0, 0, false
	}
	return limit, from, true
}

// checkFilters enforces the filter limits and checks every filter.
func (e *Emulator) checkFilters(w http.ResponseWriter, t *table, groups []filterGroup) bool {
	total := 0
	if len(groups) > maxGroups {
		e.invalid(w, fmt.Sprintf("Too many filter groups: %d; the limit is %d", len(groups), maxGroups))
		return false
	}
	for k, g := range groups {
		if len(g.Filters) > maxFiltersPerGroup {
			e.invalid(w, fmt.Sprintf("Too many filters in filterGroups[%d]: %d; the limit is %d per group", k, len(g.Filters), maxFiltersPerGroup))
			return false
		}
		total += len(g.Filters)
		for _, f := range g.Filters {
			if !e.checkFilter(w, t, f) {
				return false
			}
		}
	}
	if total > maxFilters {
		e.invalid(w, fmt.Sprintf("Too many filters: %d; the limit is %d in all groups", total, maxFilters))
		return false
	}
	return true
}

// parseSorts reads sorts given as {"propertyName","direction"} objects or
// as bare property names (ascending).
func (e *Emulator) parseSorts(w http.ResponseWriter, t *table, raw []json.RawMessage) ([]sortSpec, bool) {
	var out []sortSpec
	for _, r := range raw {
		var s sortSpec
		if err := json.Unmarshal(r, &s.PropertyName); err == nil {
			s.Direction = "ASCENDING"
		} else {
			dec := json.NewDecoder(bytes.NewReader(r))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&s); err != nil {
				e.invalid(w, "Invalid input JSON: sorts: "+err.Error())
				return nil, false
			}
		}
		if _, ok := t.byName[s.PropertyName]; !ok {
			e.noProperty(w, t.name, s.PropertyName)
			return nil, false
		}
		if s.Direction != "ASCENDING" && s.Direction != "DESCENDING" {
			e.invalid(w, "Invalid sort direction "+strconv.Quote(s.Direction)+"; use ASCENDING or DESCENDING")
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

// matching returns the live records matching the request's filter groups
// and query; the caller holds e.mu.
func (t *table) matching(req searchRequest) []*record {
	var hits []*record
	q := strings.ToLower(strings.TrimSpace(req.Query))
	for _, id := range t.ids(false) {
		r := t.recs[id]
		if (len(req.FilterGroups) == 0 || slices.ContainsFunc(req.FilterGroups, func(g filterGroup) bool { return t.all(r, g.Filters) })) &&
			(q == "" || t.textMatch(r, q)) {
			hits = append(hits, r)
		}
	}
	return hits
}

func (t *table) all(r *record, fs []filter) bool {
	for _, f := range fs {
		if !t.match(r, f) {
			return false
		}
	}
	return true
}

// searchable are the properties a search's free-text query looks in.
var searchable = map[string][]string{
	"contacts":  {"firstname", "lastname", "email", "phone", "company", "website"},
	"companies": {"name", "domain", "phone", "steward_external_id"},
	"products":  {"name", "hs_sku", "description"},
}

func (t *table) textMatch(r *record, q string) bool {
	for _, n := range searchable[t.name] {
		if strings.Contains(strings.ToLower(r.Props[n]), q) {
			return true
		}
	}
	return false
}
