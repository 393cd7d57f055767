package dataverse

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// query is a request's parsed OData system query options.
type query struct {
	raw       map[string]string // decoded option values by name
	sel       []string
	filter    expr
	order     []orderKey
	top       int // -1: none
	count     bool
	skiptoken string
	delta     string
}

type orderKey struct {
	col  string
	desc bool
}

// options the emulator knows; $skip and $expand are known but refused.
var knownOptions = map[string]bool{"$select": true, "$filter": true, "$orderby": true, "$top": true,
	"$count": true, "$skiptoken": true, "$deltatoken": true, "$skip": true, "$expand": true}

func badQuery(msg string) *apiError { return fail(http.StatusBadRequest, "0x80060888", msg) }

// splitQuery decodes raw query options without treating '+' as a space: in
// $filter, $orderby and $select a '+' is refused, as OData's ABNF has no
// such whitespace (PROTOCOLS.md §4).
func splitQuery(rawQuery string) (map[string]string, *apiError) {
	out := map[string]string{}
	for _, part := range strings.Split(rawQuery, "&") {
		if part == "" {
			continue
		}
		n, v, _ := strings.Cut(part, "=")
		name, err1 := url.PathUnescape(n)
		val, err2 := url.PathUnescape(v)
		if err1 != nil || err2 != nil {
			return nil, badQuery("The query string is not correctly escaped: '" + part + "'.")
		}
		if _, dup := out[name]; dup && strings.HasPrefix(name, "$") {
			return nil, badQuery("Query option '" + name + "' was specified more than once, but it must be specified at most once.")
		}
		if i := strings.IndexByte(v, '+'); i >= 0 && (name == "$filter" || name == "$orderby" || name == "$select") {
			return nil, badQuery("Syntax error at position " + strconv.Itoa(i) + " in '" + val + "': expected whitespace but '+' found.")
		}
		out[name] = val
	}
	return out, nil
}

// parseQuery parses the query options of a request on es.
func parseQuery(es *entitySet, rawQuery string) (*query, *apiError) {
	raw, err := splitQuery(rawQuery)
	if err != nil {
		return nil, err
	}
	q := &query{raw: raw, top: -1, skiptoken: raw["$skiptoken"], delta: raw["$deltatoken"]}
	for name := range raw {
		if strings.HasPrefix(name, "$") && !knownOptions[name] {
			return nil, badQuery("The query parameter " + name + " is not supported")
		}
	}
	if _, ok := raw["$skip"]; ok {
		return nil, badQuery("The query parameter $skip is not supported")
	}
	if _, ok := raw["$expand"]; ok {
		return nil, badQuery("The emulator does not serve $expand.")
	}
	if err := q.parseOptions(es); err != nil {
		return nil, err
	}
	return q, nil
}

func (q *query) parseOptions(es *entitySet) *apiError {
	var err *apiError
	if v, ok := q.raw["$select"]; ok {
		if q.sel, err = parseSelect(es, v); err != nil {
			return err
		}
	}
	if v, ok := q.raw["$filter"]; ok {
		if q.filter, err = parseFilter(es, v); err != nil {
			return err
		}
	}
	if v, ok := q.raw["$orderby"]; ok {
		if q.order, err = parseOrder(es, v); err != nil {
			return err
		}
	}
	if v, ok := q.raw["$top"]; ok {
		n, perr := strconv.Atoi(v)
		if perr != nil || n < 0 {
			return badQuery("Invalid value '" + v + "' for $top query option found. The $top query option requires a non-negative integer value.")
		}
		q.top = n
	}
	if v, ok := q.raw["$count"]; ok {
		if v != "true" && v != "false" {
			return badQuery("'" + v + "' is not a valid count option.")
		}
		q.count = v == "true"
	}
	return nil
}

func unknownProperty(es *entitySet, name string) *apiError {
	return badQuery("Could not find a property named '" + name + "' on type '" + es.typeName() + "'.")
}

func parseSelect(es *entitySet, v string) ([]string, *apiError) {
	var cols []string
	for _, c := range strings.Split(v, ",") {
		c = strings.TrimSpace(c)
		if _, ok := es.cols[c]; !ok {
			return nil, unknownProperty(es, c)
		}
		cols = append(cols, c)
	}
	return cols, nil
}

func parseOrder(es *entitySet, v string) ([]orderKey, *apiError) {
	var keys []orderKey
	for _, item := range strings.Split(v, ",") {
		f := strings.Fields(item)
		if len(f) == 0 || len(f) > 2 || (len(f) == 2 && f[1] != "asc" && f[1] != "desc") {
			return nil, badQuery("Syntax error in $orderby '" + v + "'.")
		}
		if _, ok := es.cols[f[0]]; !ok {
			return nil, unknownProperty(es, f[0])
		}
		keys = append(keys, orderKey{col: f[0], desc: len(f) == 2 && f[1] == "desc"})
	}
	return keys, nil
}
