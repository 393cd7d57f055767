package dvtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
)

var setRE = regexp.MustCompile(`^` + regexp.QuoteMeta(Root) + `/([a-z_]+)$`)

// list serves a collection read: plain, filtered, tracked or a delta.
func (f *Fake) list(w http.ResponseWriter, r *http.Request) {
	m := setRE.FindStringSubmatch(r.URL.Path)
	if m == nil || f.Keys[m[1]] == "" {
		Error(w, 404, "0x80060888", "Resource not found for the segment '"+r.URL.Path+"'.")
		return
	}
	set, q := m[1], r.URL.Query()
	sel := strings.Split(q.Get("$select"), ",")
	for _, c := range sel {
		if c != "" && !f.known(set, c) {
			Error(w, 400, "0x80060888", fmt.Sprintf("Could not find a property named '%s' on type 'Microsoft.Dynamics.CRM.%s'.", c, strings.TrimSuffix(set, "s")))
			return
		}
	}
	prefer := r.Header.Get("Prefer")
	track := strings.Contains(prefer, "odata.track-changes")
	if track && (q.Has("$filter") || q.Has("$orderby") || q.Has("$top")) {
		Error(w, 400, "0x80040203", "$filter, $orderby and $top are not supported with change tracking")
		return
	}
	size := 5000
	if i := strings.Index(prefer, "odata.maxpagesize="); i >= 0 {
		size, _ = strconv.Atoi(strings.TrimRight(prefer[i+len("odata.maxpagesize="):], " ,;"))
	}
	f.mu.Lock()
	items, since, status, msg := f.items(set, q, sel)
	f.mu.Unlock()
	if status != 0 {
		Error(w, status, "0x80044352", msg)
		return
	}
	f.page(w, r, set, items, since, track, size)
	if f.Mutate != nil {
		f.Mutate(f)
	}
}

func (f *Fake) known(set, col string) bool {
	for _, c := range f.Columns[set] {
		if c == col {
			return true
		}
	}
	return col == f.Keys[set] || col == "modifiedon"
}

// items returns what a read holds and the version its delta link carries
// on; a pass's version is kept in its skiptoken.
func (f *Fake) items(set string, q map[string][]string, sel []string) ([]map[string]any, int, int, string) {
	get := func(k string) string {
		if v := q[k]; len(v) > 0 {
			return v[0]
		}
		return ""
	}
	ver := f.version
	if t := get("$skiptoken"); t != "" {
		_, v, _ := strings.Cut(t, ".")
		ver, _ = strconv.Atoi(v)
	}
	var out []map[string]any
	from := -1
	if d := get("$deltatoken"); d != "" {
		v, _, _ := strings.Cut(d, "!")
		from, _ = strconv.Atoi(v)
		if from < f.Expire {
			return nil, 0, 400, "Version stamp associated with the client has expired. Please perform a full sync."
		}
	}
	for _, e := range f.sorted(set) {
		if e.version > from && e.version <= ver && match(get("$filter"), e.cols) {
			out = append(out, project(e, sel))
		}
	}
	for _, t := range f.gone[set] {
		if from >= 0 && t.version > from && t.version <= ver {
			out = append(out, map[string]any{"@odata.context": "https://fake" + Root + "/$metadata#" + set + "/$deletedEntity", "id": t.id, "reason": "deleted"})
		}
	}
	return out, ver, 0, ""
}

func project(e *entry, sel []string) map[string]any {
	out := map[string]any{"@odata.etag": fmt.Sprintf(`W/"%d"`, e.version)}
	for _, c := range sel {
		if v, ok := e.cols[c]; ok {
			out[c] = v
		} else if c != "" {
			out[c] = nil
		}
	}
	return out
}

// page writes one page at the skiptoken's offset.
func (f *Fake) page(w http.ResponseWriter, r *http.Request, set string, items []map[string]any, ver int, track bool, size int) {
	q := r.URL.Query()
	off := 0
	if t := q.Get("$skiptoken"); t != "" {
		o, _, _ := strings.Cut(t, ".")
		off, _ = strconv.Atoi(o)
	}
	end := min(off+size, len(items))
	body := map[string]any{"@odata.context": "https://fake" + Root + "/$metadata#" + set, "value": append([]map[string]any{}, items[min(off, end):end]...)}
	base := "http://" + r.Host + r.URL.Path + "?"
	keep := []string{}
	for _, kv := range strings.Split(r.URL.RawQuery, "&") {
		if kv != "" && !strings.HasPrefix(kv, "$skiptoken=") && !strings.HasPrefix(kv, "$deltatoken=") {
			keep = append(keep, kv)
		}
	}
	delta := q.Get("$deltatoken")
	switch {
	case end < len(items):
		l := append(keep, fmt.Sprintf("$skiptoken=%d.%d", end, ver))
		if delta != "" {
			l = append(l, "$deltatoken="+delta)
		}
		body["@odata.nextLink"] = base + strings.Join(l, "&")
	case track || delta != "":
		body["@odata.deltaLink"] = base + strings.Join(append(keep, fmt.Sprintf("$deltatoken=%d%%2101%%2F01%%2F2026", ver)), "&")
	}
	if track {
		w.Header().Set("Preference-Applied", "odata.track-changes")
	}
	w.Header().Set("Content-Type", "application/json; odata.metadata=minimal")
	_ = json.NewEncoder(w).Encode(body)
}

// match evaluates the filters the connector sends: clauses joined by "and",
// each a disjunction of "col op literal" with op eq, ge or lt.
func match(filter string, cols map[string]any) bool {
	if filter == "" {
		return true
	}
	for _, clause := range strings.Split(filter, " and ") {
		ok := false
		for _, atom := range strings.Split(strings.Trim(clause, "()"), " or ") {
			parts := strings.SplitN(strings.TrimSpace(atom), " ", 3)
			if len(parts) == 3 && compare(fmt.Sprint(cols[parts[0]]), parts[1], parts[2]) {
				ok = true
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

func compare(have, op, lit string) bool {
	if strings.HasPrefix(lit, "'") {
		lit = strings.ReplaceAll(strings.Trim(lit, "'"), "''", "'")
	}
	switch op {
	case "eq":
		return strings.EqualFold(have, lit)
	case "ge":
		return have >= lit
	case "lt":
		return have < lit
	}
	return false
}
