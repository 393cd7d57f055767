package salsifytest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// ResultWindow is the deepest offset the listing serves.
const ResultWindow = 10000

// list serves GET /products strictly: a '+' in the query is refused (the
// real server reads it as a plus), per_page is 1..100, and page × per_page
// past the result window is 422.
func (f *Fake) list(w http.ResponseWriter, r *http.Request) {
	if strings.Contains(r.URL.RawQuery, "+") {
		fail(w, http.StatusBadRequest, "query must encode spaces as %20")
		return
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		fail(w, http.StatusBadRequest, err.Error())
		return
	}
	page, perPage, err := paging(q)
	if err != nil {
		fail(w, http.StatusUnprocessableEntity, err.Error())
		return
	}
	if page*perPage > ResultWindow {
		fail(w, http.StatusUnprocessableEntity, fmt.Sprintf("result_window limit of %d exceeded %d", page*perPage, ResultWindow))
		return
	}
	match, err := matcher(q.Get("filter"))
	if err != nil {
		fail(w, http.StatusUnprocessableEntity, err.Error())
		return
	}
	f.mu.Lock()
	all := f.sorted(match)
	f.mu.Unlock()
	lo := min((page-1)*perPage, len(all))
	hi := min(lo+perPage, len(all))
	data := all[lo:hi]
	if data == nil {
		data = []map[string]json.RawMessage{}
	}
	reply(w, http.StatusOK, map[string]any{"data": data,
		"meta": map[string]any{"per_page": perPage, "cursor": nil, "total_entries": len(all), "current_page": page}})
	if f.Mutate != nil {
		f.Mutate(f)
	}
}

func paging(q url.Values) (page, perPage int, err error) {
	page, perPage = 1, 100
	if v := q.Get("page"); v != "" {
		if page, err = strconv.Atoi(v); err != nil || page < 1 {
			return 0, 0, fmt.Errorf("page must be a positive integer")
		}
	}
	if v := q.Get("per_page"); v != "" {
		if perPage, err = strconv.Atoi(v); err != nil || perPage < 1 || perPage > 100 {
			return 0, 0, fmt.Errorf("per_page must be between 1 and 100")
		}
	}
	return page, perPage, nil
}

// upsert serves PUT /products/_upsert: an array of documents matched by
// "Product ID". Any rejected item refuses the whole call with 422 and one
// error array per item (empty for the items it did not object to); nothing
// is stored then.
func (f *Fake) upsert(w http.ResponseWriter, r *http.Request) {
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		fail(w, http.StatusUnsupportedMediaType, "Content-Type must be application/json")
		return
	}
	body, _ := io.ReadAll(r.Body)
	var items []map[string]json.RawMessage
	if err := json.Unmarshal(body, &items); err != nil {
		fail(w, http.StatusBadRequest, "body must be a JSON array of products")
		return
	}
	if len(items) > 100 {
		fail(w, http.StatusUnprocessableEntity, "at most 100 products per call")
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.upserts = append(f.upserts, items)
	if per, bad := f.itemErrors(items); bad {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnprocessableEntity)
		_ = json.NewEncoder(w).Encode(map[string]any{"errors": per})
		return
	}
	out := make([]map[string]json.RawMessage, 0, len(items))
	for _, it := range items {
		out = append(out, f.store(it))
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_ = json.NewEncoder(w).Encode(out)
}

func (f *Fake) itemErrors(items []map[string]json.RawMessage) ([][]string, bool) {
	per := make([][]string, len(items))
	bad := false
	for i, it := range items {
		var id string
		if json.Unmarshal(it["Product ID"], &id) != nil || id == "" {
			per[i] = []string{"Product ID can't be blank"}
		} else {
			per[i] = append([]string{}, f.Reject[id]...)
		}
		bad = bad || len(per[i]) > 0
	}
	return per, bad
}

// store merges an item into its product (created when new) and stamps it.
func (f *Fake) store(it map[string]json.RawMessage) map[string]json.RawMessage {
	var id string
	_ = json.Unmarshal(it["Product ID"], &id)
	d, ok := f.docs[id]
	if !ok {
		d = map[string]json.RawMessage{"salsify:id": mustJSON(id)}
		f.docs[id] = d
	}
	for k, v := range it {
		if !strings.HasPrefix(k, "salsify:") {
			d[k] = v
		}
	}
	f.order = nil
	f.clock = f.clock.Add(time.Second)
	d["salsify:updated_at"] = mustJSON(f.clock.Format("2006-01-02T15:04:05.000Z"))
	return d
}

func mustJSON(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}
