package dataverse

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// keyRef is the key segment of a URL: a GUID or the alternate key's value.
type keyRef struct {
	id, alt string
}

// parseKey reads "(<guid>)" or "(<altkey>='value')" (quotes doubled inside).
func parseKey(es *entitySet, escaped string) (keyRef, *apiError) {
	key, err := unescapePath(escaped)
	if err == nil && guidRE.MatchString(key) {
		return keyRef{id: strings.ToLower(key)}, nil
	}
	col, lit, ok := strings.Cut(key, "=")
	if err != nil || !ok || len(lit) < 2 || lit[0] != '\'' || lit[len(lit)-1] != '\'' {
		return keyRef{}, badQuery("Bad Request - Error in query syntax: the key '" + key + "' is not a GUID or an alternate key 'column=''value'''.")
	}
	if es.altKey == "" || col != es.altKey {
		return keyRef{}, badQuery("Invalid alternate key '" + col + "': no such key on entity '" + es.logical + "'.")
	}
	return keyRef{alt: strings.ReplaceAll(lit[1:len(lit)-1], "''", "'")}, nil
}

// find returns the row a key names, nil when there is none; the caller holds
// e.mu.
func (e *Emulator) find(es *entitySet, k keyRef) *row {
	if k.alt != "" {
		return e.st.byAltKey(es, k.alt)
	}
	return e.st.Tables[es.name].Rows[k.id]
}

func notFound(es *entitySet, k keyRef) *apiError {
	what := k.id
	if k.alt != "" {
		what = es.altKey + "='" + k.alt + "'"
	}
	return fail(http.StatusNotFound, codeNotFound, es.logical+" With Id = "+what+" Does Not Exist")
}

// readBody reads a JSON request body, refusing other content types.
func readBody(r *http.Request) ([]byte, *apiError) {
	if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		return nil, fail(http.StatusUnsupportedMediaType, "", "The content type '"+ct+"' is not supported; send 'Content-Type: application/json'.")
	}
	b, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, fail(http.StatusBadRequest, codePayload, "The request body could not be read.")
	}
	return b, nil
}

// decodeFields parses a create or update body for es into column values;
// binds are checked against the store (the caller holds e.mu).
func (e *Emulator) decodeFields(es *entitySet, body []byte, base string) (map[string]any, *apiError) {
	var in map[string]any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&in); err != nil || in == nil || dec.More() {
		return nil, fail(http.StatusBadRequest, codePayload, "Error identified in Payload provided by the user for Entity :'"+es.name+"': the body is not a JSON object.")
	}
	out := map[string]any{}
	for name, v := range in {
		if nav, ok := strings.CutSuffix(name, "@odata.bind"); ok {
			col, id, err := e.bindValue(es, nav, v, base)
			if err != nil {
				return nil, err
			}
			out[col] = id
			continue
		}
		val, err := columnValue(es, name, v)
		if err != nil {
			return nil, err
		}
		out[name] = val
	}
	return out, nil
}

func badProperty(es *entitySet, name string) *apiError {
	return badQuery("The property '" + name + "' does not exist on type '" + es.typeName() + "'. Make sure to only use property names that are defined by the type.")
}

// columnValue checks a value written to column name of es.
func columnValue(es *entitySet, name string, v any) (any, *apiError) {
	k, ok := es.cols[name]
	if !ok {
		return nil, badProperty(es, name)
	}
	if v == nil {
		return nil, nil
	}
	num, isNum := v.(json.Number)
	_, isStr := v.(string)
	switch {
	case k == kString && isStr, k == kDecimal && isNum:
		return v, nil
	case k == kGUID && isStr && guidRE.MatchString(v.(string)):
		return strings.ToLower(v.(string)), nil
	case k == kInt && isNum && !strings.ContainsAny(num.String(), ".eE"):
		return v, nil
	case k == kLookup:
		return nil, badProperty(es, name)
	case k == kTime || k == kVersion:
		return nil, fail(http.StatusBadRequest, codePayload, "The property '"+name+"' of '"+es.typeName()+"' is read-only.")
	}
	return nil, fail(http.StatusBadRequest, codePayload, "Cannot convert the value of property '"+name+"' to the expected type of '"+es.typeName()+"'.")
}

// bindValue resolves "<nav>@odata.bind": "/set(<guid>)" to the lookup column
// and the target's id; the target must exist in the navigation's entity set.
func (e *Emulator) bindValue(es *entitySet, nav string, v any, base string) (string, string, *apiError) {
	b, ok := es.binds[nav]
	if !ok {
		return "", "", badProperty(es, nav)
	}
	ref, _ := v.(string)
	ref = strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(ref, base), apiRoot), "/")
	set, key, _ := strings.Cut(strings.TrimSuffix(ref, ")"), "(")
	if set != b.target || !guidRE.MatchString(key) {
		return "", "", badQuery("The value of '" + nav + "@odata.bind' must reference a record as '/" + b.target + "(<guid>)'; got '" + textOf(v) + "'.")
	}
	id := strings.ToLower(key)
	if e.st.Tables[set].Rows[id] == nil {
		return "", "", badQuery(sets[set].logical + " With Id = " + id + " Does Not Exist")
	}
	return b.column, id, nil
}

func unescapePath(s string) (string, error) {
	out, err := url.PathUnescape(s)
	return out, err
}
