package odata

import (
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Query is the first request of a collection read.
type Query struct {
	Filter  string
	Select  []string
	OrderBy []string
	Top     int
	Count   bool
	// Expand lists navigation properties to read inline.
	Expand []string
	// V2 writes the options as OData v2 reads them ($inlinecount=allpages
	// for Count).
	V2 bool
}

// Time formats a DateTimeOffset literal for $filter in UTC with as few
// fractional digits as the value needs (none, 3 for milliseconds, up to 9):
// servers differ in the precision they keep (CAP 3 digits, SAP 7).
func Time(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.999999999Z") }

// String formats a string literal for $filter, doubling embedded quotes.
func String(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// Escape percent-encodes one query option value as the OData ABNF reads it: a
// space is %20 and a plus sign %2B. Go's url.Values.Encode writes a space as
// '+', which OData reads as a sign, and a real server answers 400 to it.
func Escape(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }

// encode writes the system query options in a fixed order, each value escaped.
func (q Query) encode() string {
	var parts []string
	add := func(k, v string) { parts = append(parts, k+"="+Escape(v)) }
	if q.Filter != "" {
		add("$filter", q.Filter)
	}
	if len(q.Select) > 0 {
		add("$select", strings.Join(q.Select, ","))
	}
	if len(q.Expand) > 0 {
		add("$expand", strings.Join(q.Expand, ","))
	}
	if len(q.OrderBy) > 0 {
		add("$orderby", strings.Join(q.OrderBy, ","))
	}
	if q.Top > 0 {
		add("$top", strconv.Itoa(q.Top))
	}
	switch {
	case q.Count && q.V2:
		add("$inlinecount", "allpages")
	case q.Count:
		add("$count", "true")
	}
	return strings.Join(parts, "&")
}

// CollectionURL builds the first page URL of an entity set: the base URL's
// path and query (such as SAP's sap-client=100) with the query options.
func (c *Client) CollectionURL(path string, q Query) string {
	return c.url(path, q.encode())
}

// url joins the base URL, path and an encoded query, keeping the base URL's
// own query first.
func (c *Client) url(path, rawQuery string) string {
	u := c.h.Base()
	u.Path = strings.TrimRight(u.Path, "/") + path
	u.RawPath = ""
	u.RawQuery = joinQuery(u.RawQuery, rawQuery)
	return u.String()
}

func joinQuery(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "&" + b
}

// keepBaseQuery adds every parameter of the base URL's query that link lacks,
// so that a server's next link still selects the same SAP client; the rest of
// the link is kept verbatim.
func (c *Client) keepBaseQuery(link string) (string, error) {
	base := c.h.Base().RawQuery
	if base == "" {
		return link, nil
	}
	u, err := url.Parse(link)
	if err != nil {
		return "", err
	}
	have := u.Query()
	var missing []string
	for _, kv := range strings.Split(base, "&") {
		k, _, _ := strings.Cut(kv, "=")
		if name, err := url.QueryUnescape(k); err == nil && !have.Has(name) {
			missing = append(missing, kv)
		}
	}
	if len(missing) == 0 {
		return link, nil
	}
	u.RawQuery = joinQuery(u.RawQuery, strings.Join(missing, "&"))
	return u.String(), nil
}
