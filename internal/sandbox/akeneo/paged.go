package akeneo

import (
	"net/http"
	"net/url"
	"strconv"
)

// paged answers a listing of a small resource (attributes, locales, channels,
// families, options) with offset pagination as the PIM does (pagination.md):
// limit 1-100 (default 10), page from 1, links self/first and previous/next
// where there is such a page, with_count adding items_count.
func paged(w http.ResponseWriter, r *http.Request, items []any) {
	q := r.URL.Query()
	limit, ok := intParam(w, q.Get("limit"), "limit", 10)
	if !ok {
		return
	}
	if limit > 100 {
		writeError(w, http.StatusUnprocessableEntity, "You cannot request more than 100 items.")
		return
	}
	page, ok := intParam(w, q.Get("page"), "page", 1)
	if !ok {
		return
	}
	from := min((page-1)*limit, len(items))
	to := min(from+limit, len(items))
	links := map[string]any{"self": link(r, q), "first": link(r, with(q, "page", "1"))}
	if page > 1 {
		links["previous"] = link(r, with(q, "page", strconv.Itoa(page-1)))
	}
	if to < len(items) {
		links["next"] = link(r, with(q, "page", strconv.Itoa(page+1)))
	}
	body := map[string]any{"_links": links, "current_page": page, "_embedded": map[string]any{"items": append([]any{}, items[from:to]...)}}
	if q.Get("with_count") == "true" {
		body["items_count"] = len(items)
	}
	writeJSON(w, http.StatusOK, body)
}

// intParam reads a positive integer query parameter, answering 422 when it is not one.
func intParam(w http.ResponseWriter, v, name string, def int) (int, bool) {
	if v == "" {
		return def, true
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		writeError(w, http.StatusUnprocessableEntity, "The value "+v+" of the "+name+" parameter is not valid.")
		return 0, false
	}
	return n, true
}

// withSelf adds the item's own link, as every listed item carries.
func withSelf(r *http.Request, resource, code string, item map[string]any) map[string]any {
	item["_links"] = map[string]any{"self": map[string]string{"href": baseURL(r) + "/api/rest/v1/" + resource + "/" + url.PathEscape(code)}}
	return item
}
