package sap

import (
	"encoding/base64"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// nextLink builds the server's next link: the request's options with a new
// $skiptoken, spaces as %20; the mode's required query is left out.
func nextLink(set entitySet, q url.Values, mode Mode, next, remaining, served int) string {
	drop := map[string]bool{"$skiptoken": true, "$skip": true}
	if mode.Query != "" {
		want, _ := url.ParseQuery(mode.Query)
		for k := range want {
			drop[k] = true
		}
	}
	left := -1
	if remaining >= 0 {
		left = remaining - served
	}
	keys := make([]string, 0, len(q))
	for k := range q {
		if !drop[k] {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		for _, v := range q[k] {
			parts = append(parts, escape(k)+"="+escape(v))
		}
	}
	parts = append(parts, "$skiptoken="+encodeSkip(next, left))
	return set.name + "?" + strings.Join(parts, "&")
}

func maxPageSizePref(h string) (int, bool) {
	for _, p := range strings.Split(h, ",") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(p), "odata.maxpagesize="); ok {
			n, err := strconv.Atoi(v)
			return n, err == nil && n > 0
		}
	}
	return 0, false
}

func intParam(q url.Values, k string, def int) int {
	v := q.Get(k)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return -2
	}
	return n
}

func encodeSkip(next, left int) string {
	return base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, "%d:%d", next, left))
}

func decodeSkip(tok string) (int, int, error) {
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return 0, 0, err
	}
	var next, left int
	if _, err := fmt.Sscanf(string(b), "%d:%d", &next, &left); err != nil {
		return 0, 0, err
	}
	return next, left, nil
}
