package hubspot

import (
	"encoding/base64"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// object is SimplePublicObject on the wire: every property a string or null.
type object struct {
	ID         string             `json:"id"`
	Properties map[string]*string `json:"properties"`
	CreatedAt  string             `json:"createdAt"`
	UpdatedAt  string             `json:"updatedAt"`
	Archived   bool               `json:"archived"`
	ArchivedAt string             `json:"archivedAt,omitempty"`
}

// render returns r with the properties names; the caller holds e.mu.
func (t *table) render(r *record, names []string) object {
	o := object{ID: strconv.FormatInt(r.ID, 10), Properties: map[string]*string{}, CreatedAt: r.Created.Format(stamp),
		UpdatedAt: r.Updated.Format(stamp), Archived: r.Archived}
	if r.Archived {
		o.ArchivedAt = r.ArchivedAt.Format(stamp)
	}
	for _, n := range names {
		if v, ok := t.value(r, n); ok {
			o.Properties[n] = &v
		} else {
			o.Properties[n] = nil
		}
	}
	return o
}

// paging is a page's link to the next one (absent on the last page).
type paging struct {
	Next struct {
		After string `json:"after"`
		Link  string `json:"link,omitempty"`
	} `json:"next"`
}

// page is a list's answer.
type page struct {
	Results []object `json:"results"`
	Paging  *paging  `json:"paging,omitempty"`
}

// propertyNames reads the properties asked for (repeated or comma
// separated); none asked means the type's defaults. Every name must exist.
func (e *Emulator) propertyNames(w http.ResponseWriter, t *table, asked []string) ([]string, bool) {
	var names []string
	for _, a := range asked {
		for _, n := range strings.Split(a, ",") {
			if n = strings.TrimSpace(n); n == "" {
				continue
			}
			if _, ok := t.byName[n]; !ok {
				e.noProperty(w, t.name, n)
				return nil, false
			}
			names = append(names, n)
		}
	}
	if len(names) == 0 {
		return defaultProps[t.name], true
	}
	return append(names, alwaysProps(t.name)...), true
}

// encodeAfter and decodeAfter make list cursors opaque.
func encodeAfter(id int64) string {
	return base64.StdEncoding.EncodeToString([]byte(strconv.FormatInt(id, 10) + "\n"))
}

func decodeAfter(s string) (int64, bool) {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil || !strings.HasSuffix(string(b), "\n") {
		return 0, false
	}
	id, err := strconv.ParseInt(strings.TrimSuffix(string(b), "\n"), 10, 64)
	return id, err == nil && id >= 0
}

// limitParam reads a limit between 1 and max (def when absent); over max or
// not a number is 400.
func (e *Emulator) limitParam(w http.ResponseWriter, q url.Values, def, maxN int) (int, bool) {
	if !q.Has("limit") {
		return def, true
	}
	n, err := strconv.Atoi(q.Get("limit"))
	if err != nil || n < 1 || n > maxN {
		e.invalid(w, "limit must be an integer between 1 and "+strconv.Itoa(maxN)+", got "+strconv.Quote(q.Get("limit")))
		return 0, false
	}
	return n, true
}

// boolParam reads archived (false when absent).
func (e *Emulator) boolParam(w http.ResponseWriter, q url.Values, name string) (bool, bool) {
	switch q.Get(name) {
	case "", "false":
		return false, true
	case "true":
		return true, true
	}
	e.invalid(w, name+" must be true or false, got "+strconv.Quote(q.Get(name)))
	return false, false
}

// list serves GET /crm/v3/objects/{type}: by id ascending, live or (with
// archived=true) archived records.
func (e *Emulator) list(w http.ResponseWriter, r *http.Request, t *table) {
	q := r.URL.Query()
	limit, ok := e.limitParam(w, q, 10, e.opt.PageMax)
	if !ok {
		return
	}
	archived, ok := e.boolParam(w, q, "archived")
	if !ok {
		return
	}
	names, ok := e.propertyNames(w, t, q["properties"])
	if !ok {
		return
	}
	from := int64(0)
	if q.Has("after") {
		if from, ok = decodeAfter(q.Get("after")); !ok {
			e.invalid(w, "Invalid after: "+strconv.Quote(q.Get("after")))
			return
		}
	}
	e.mu.RLock()
	out := page{Results: []object{}}
	ids := t.ids(archived)
	for k, id := range ids {
		if id < from {
			continue
		}
		if len(out.Results) == limit {
			out.Paging = nextPage(r, encodeAfter(ids[k]))
			break
		}
		out.Results = append(out.Results, t.render(t.recs[id], names))
	}
	e.mu.RUnlock()
	writeJSON(w, http.StatusOK, out)
}

// nextPage links the same request with after replaced.
func nextPage(r *http.Request, after string) *paging {
	q := r.URL.Query()
	q.Set("after", after)
	p := &paging{}
	p.Next.After = after
	p.Next.Link = "http://" + r.Host + r.URL.Path + "?" + q.Encode()
	return p
}

// getOne serves GET /crm/v3/objects/{type}/{id}[?idProperty=&archived=].
func (e *Emulator) getOne(w http.ResponseWriter, r *http.Request, t *table, rawID string) {
	q := r.URL.Query()
	archived, ok := e.boolParam(w, q, "archived")
	if !ok {
		return
	}
	names, ok := e.propertyNames(w, t, q["properties"])
	if !ok {
		return
	}
	idProp := q.Get("idProperty")
	if !e.checkIDProperty(w, t, &idProp) {
		return
	}
	id, _ := url.PathUnescape(rawID)
	e.mu.RLock()
	rec, found := t.lookup(idProp, id, archived)
	var o object
	if found {
		o = t.render(rec, names)
	}
	e.mu.RUnlock()
	if !found {
		e.fail(w, http.StatusNotFound, catNotFound, "Object not found.  objectId are usually numeric.")
		return
	}
	writeJSON(w, http.StatusOK, o)
}

// checkIDProperty checks an idProperty: "" means hs_object_id; any other
// must be a property with unique values (400 otherwise).
func (e *Emulator) checkIDProperty(w http.ResponseWriter, t *table, idProp *string) bool {
	if *idProp == "" {
		*idProp = "hs_object_id"
	}
	p, ok := t.byName[*idProp]
	switch {
	case !ok:
		e.noProperty(w, t.name, *idProp)
	case !p.Unique:
		e.invalid(w, "Property "+strconv.Quote(*idProp)+" is not a unique identifier property; idProperty must have unique values")
	default:
		return true
	}
	return false
}

// lookup finds a record by idProperty (live ones, or by id archived ones
// too when archived); the caller holds e.mu.
func (t *table) lookup(idProp, id string, archived bool) (*record, bool) {
	if archived && idProp == "hs_object_id" {
		return t.byID(id)
	}
	return t.find(idProp, id)
}
