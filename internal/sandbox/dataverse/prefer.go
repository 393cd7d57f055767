package dataverse

import (
	"math/big"
	"net/http"
	"strings"
)

// prefer parses the Prefer headers into preference → value ("" for none).
func prefer(r *http.Request) map[string]string {
	out := map[string]string{}
	for _, h := range r.Header.Values("Prefer") {
		for _, p := range strings.Split(h, ",") {
			name, val, _ := strings.Cut(strings.TrimSpace(p), "=")
			if name != "" {
				out[name] = strings.Trim(val, `"`)
			}
		}
	}
	return out
}

// valueCmp orders two stored values of a column of kind k, nulls first.
func valueCmp(k kind, a, b any) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	}
	if k == kDecimal || k == kInt || k == kVersion {
		x, okx := new(big.Rat).SetString(textOf(a))
		y, oky := new(big.Rat).SetString(textOf(b))
		if okx && oky {
			return x.Cmp(y)
		}
	}
	return foldCmp(textOf(a), textOf(b))
}

// foldCmp orders two texts ignoring case, as Dataverse's case-insensitive
// collation does (GUIDs alike).
func foldCmp(a, b string) int {
	return strings.Compare(strings.ToLower(a), strings.ToLower(b))
}

// sortKey is the values a row is ordered by: the $orderby columns, then the
// primary key (as Dataverse's paging cookie keys on it).
func sortKey(es *entitySet, r *row, order []orderKey) []any {
	out := make([]any, 0, len(order)+1)
	for _, o := range order {
		out = append(out, value(es, r, o.col))
	}
	return append(out, r.ID)
}

// keyCmp compares two sort keys under order.
func keyCmp(es *entitySet, order []orderKey, a, b []any) int {
	for i, o := range order {
		if n := valueCmp(es.cols[o.col], a[i], b[i]); n != 0 {
			if o.desc {
				return -n
			}
			return n
		}
	}
	return valueCmp(kGUID, a[len(a)-1], b[len(b)-1])
}

// withoutOption returns a raw query without option name, for building links
// from the request's own query text.
func withoutOption(rawQuery, name string) string {
	var keep []string
	for _, part := range strings.Split(rawQuery, "&") {
		n, _, _ := strings.Cut(part, "=")
		if part != "" && n != name && n != strings.Replace(name, "$", "%24", 1) {
			keep = append(keep, part)
		}
	}
	return strings.Join(keep, "&")
}

// link is the URL of set with rawQuery plus option=value (escaped).
func link(base string, es *entitySet, rawQuery, option, value string) string {
	q := withoutOption(rawQuery, option)
	if q != "" {
		q += "&"
	}
	return base + apiRoot + es.name + "?" + q + option + "=" + escapeValue(value)
}

// escapeValue percent-encodes a query value, spaces as %20 (never '+').
func escapeValue(v string) string {
	var b strings.Builder
	for _, c := range []byte(v) {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-_.~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteString("%" + strings.ToUpper(string("0123456789abcdef"[c>>4])+string("0123456789abcdef"[c&15])))
	}
	return b.String()
}

// contextURL is the @odata.context of a collection of es with columns sel.
func contextURL(base string, es *entitySet, sel []string, suffix string) string {
	c := base + apiRoot + "$metadata#" + es.name
	if len(sel) > 0 {
		c += "(" + strings.Join(sel, ",") + ")"
	}
	return c + suffix
}
