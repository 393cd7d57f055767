package hubspottest

import (
	"encoding/json"
	"net/http"
	"strconv"
)

// list serves GET …/{type}?limit&after&archived&properties.
func (f *Fake) list(w http.ResponseWriter, r *http.Request, typ string) {
	q := r.URL.Query()
	limit, err := strconv.Atoi(q.Get("limit"))
	if q.Get("limit") == "" {
		limit = 10
	} else if err != nil || limit < 1 || limit > 100 {
		f.fail(w, r, 400, "VALIDATION_ERROR", "limit must be between 1 and 100")
		return
	}
	archived := q.Get("archived") == "true"
	objs := f.sorted(typ, func(o *Object) bool { return o.Archived == archived }, byID)
	start := 0
	if a := q.Get("after"); a != "" {
		start = len(objs)
		for i, o := range objs {
			if o.ID > a {
				start = i
				break
			}
		}
	}
	end := min(start+limit, len(objs))
	props := q["properties"]
	if len(props) == 0 {
		props = []string{"hs_object_id", f.ModProp[typ]}
	}
	res := []any{}
	for _, o := range objs[start:end] {
		res = append(res, f.view(o, props))
	}
	body := map[string]any{"results": res}
	if end < len(objs) {
		after := objs[end-1].ID
		nq := r.URL.Query()
		nq.Set("after", after)
		link := "http://" + r.Host + r.URL.Path + "?" + nq.Encode()
		body["paging"] = map[string]any{"next": map[string]any{"after": after, "link": link}}
	}
	f.write(w, r, 200, body)
}

type searchReq struct {
	FilterGroups []struct {
		Filters []struct {
			PropertyName string `json:"propertyName"`
			Operator     string `json:"operator"`
			Value        string `json:"value"`
		} `json:"filters"`
	} `json:"filterGroups"`
	Sorts []struct {
		PropertyName string `json:"propertyName"`
		Direction    string `json:"direction"`
	} `json:"sorts"`
	Properties []string `json:"properties"`
	Limit      int      `json:"limit"`
	After      string   `json:"after"`
}

// search serves POST …/search: EQ, GT, GTE and LT filters on the
// modified-date property (epoch milliseconds) and hs_object_id (numbers),
// one ascending sort by either, offsets as after, the cap.
func (f *Fake) search(w http.ResponseWriter, r *http.Request, typ string) {
	f.Bodies = append(f.Bodies, "")
	var sr searchReq
	if err := json.NewDecoder(r.Body).Decode(&sr); err != nil || sr.Limit < 1 || sr.Limit > 200 || len(sr.FilterGroups) > 5 {
		f.fail(w, r, 400, "VALIDATION_ERROR", "invalid search request")
		return
	}
	keep, ok := f.filter(typ, sr)
	if !ok {
		f.fail(w, r, 400, "VALIDATION_ERROR", "unsupported filter")
		return
	}
	objs := f.sorted(typ, keep, func(a, b *Object) bool {
		if sr.Sorts[0].PropertyName == "hs_object_id" || a.Modified.Equal(b.Modified) {
			return idNum(a.ID) < idNum(b.ID)
		}
		return a.Modified.Before(b.Modified)
	})
	start, _ := strconv.Atoi(sr.After)
	if start+sr.Limit > 10000 {
		f.fail(w, r, 400, "VALIDATION_ERROR", "search results are limited to 10000")
		return
	}
	end := min(start+sr.Limit, len(objs))
	res := []any{}
	for _, o := range objs[min(start, end):end] {
		res = append(res, f.view(o, sr.Properties))
	}
	body := map[string]any{"total": len(objs), "results": res}
	if end < len(objs) {
		body["paging"] = map[string]any{"next": map[string]any{"after": strconv.Itoa(end)}}
	}
	f.write(w, r, 200, body)
}

func (f *Fake) filter(typ string, sr searchReq) (func(*Object) bool, bool) {
	mod := f.ModProp[typ]
	var conds []func(*Object) bool
	for _, g := range sr.FilterGroups {
		for _, c := range g.Filters {
			n, err := strconv.ParseInt(c.Value, 10, 64)
			cmp := map[string]func(*Object) int64{
				mod:            func(o *Object) int64 { return o.Modified.UnixMilli() },
				"hs_object_id": func(o *Object) int64 { return idNum(o.ID) },
			}[c.PropertyName]
			test := ops[c.Operator]
			if cmp == nil || test == nil || err != nil {
				return nil, false
			}
			conds = append(conds, func(o *Object) bool { return test(cmp(o), n) })
		}
	}
	if len(sr.Sorts) != 1 || (sr.Sorts[0].PropertyName != mod && sr.Sorts[0].PropertyName != "hs_object_id") || sr.Sorts[0].Direction != "ASCENDING" {
		return nil, false
	}
	return func(o *Object) bool {
		if o.Archived {
			return false
		}
		for _, c := range conds {
			if !c(o) {
				return false
			}
		}
		return true
	}, true
}

// ops are the filter operators the fake serves, on epoch milliseconds or
// ids as numbers.
var ops = map[string]func(a, b int64) bool{
	"EQ":  func(a, b int64) bool { return a == b },
	"GT":  func(a, b int64) bool { return a > b },
	"GTE": func(a, b int64) bool { return a >= b },
	"LT":  func(a, b int64) bool { return a < b },
}

// idNum is an object id as a number (HubSpot ids are numbers; -1 when not).
func idNum(id string) int64 {
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil {
		return -1
	}
	return n
}
