package pimcore

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"sync"

	"github.com/graphql-go/graphql"
	"github.com/graphql-go/graphql/gqlerrors"
)

// request is the per-request state Pimcore keeps in services: the locale a
// defaultLanguage argument sets applies to the whole request.
type request struct {
	mu   sync.Mutex
	lang string
}

type requestKey struct{}

// requestOf returns the request state of a resolver's context.
func requestOf(ctx context.Context) *request {
	if r, ok := ctx.Value(requestKey{}).(*request); ok {
		return r
	}
	return &request{}
}

// setLanguage switches the request's locale when a defaultLanguage is given.
func (r *request) setLanguage(args map[string]any) {
	if l, ok := args["defaultLanguage"].(string); ok && l != "" {
		r.mu.Lock()
		r.lang = l
		r.mu.Unlock()
	}
}

// language is the request's locale, def when none was set.
func (r *request) language(def string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.lang == "" {
		return def
	}
	return r.lang
}

// body is the JSON request body the webservice controller reads.
type body struct {
	Query         string          `json:"query"`
	Variables     json.RawMessage `json:"variables"`
	OperationName string          `json:"operationName"`
}

// serveGraphQL reads the body, parses and validates the query (or finds it
// in the cache), checks variables and executes the request.
func (s *Server) serveGraphQL(w http.ResponseWriter, r *http.Request) {
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 4<<20))
	if err != nil {
		htmlPage(w, http.StatusRequestEntityTooLarge, "Request Entity Too Large", "The request body is too large.")
		return
	}
	var b body
	_ = json.Unmarshal(raw, &b) // PHP's json_decode gives null: the query is then empty
	vars, ok := decodeVariables(b.Variables)
	if !ok {
		// PHP hands a non-array to a parameter typed array: a TypeError, HTTP 500.
		htmlPage(w, http.StatusInternalServerError, "Internal Server Error", "Something is broken.")
		return
	}
	doc := s.document(b.Query)
	if msg := checkVariables(s.schema, doc.ast, b.OperationName, vars); msg != "" {
		writeResult(w, nil, []gqlerrors.FormattedError{{Message: msg}})
		return
	}
	if len(doc.errs) > 0 {
		writeResult(w, nil, doc.errs)
		return
	}
	ctx := context.WithValue(r.Context(), requestKey{}, &request{})
	ctx = context.WithValue(ctx, varsKey{}, vars)
	res := graphql.Execute(graphql.ExecuteParams{Schema: s.schema, AST: doc.ast, Args: normalize(vars).(map[string]any),
		OperationName: b.OperationName, Context: ctx})
	writeResult(w, res.Data, res.Errors)
}

// decodeVariables reads variables: absent, null or an object (an empty JSON
// array is an empty PHP array too); anything else is not ok.
func decodeVariables(raw json.RawMessage) (map[string]any, bool) {
	t := bytes.TrimSpace(raw)
	switch {
	case len(t) == 0 || bytes.Equal(t, []byte("null")) || bytes.Equal(t, []byte("[]")):
		return map[string]any{}, true
	case t[0] != '{':
		return nil, false
	}
	d := json.NewDecoder(bytes.NewReader(t))
	d.UseNumber()
	var m map[string]any
	if err := d.Decode(&m); err != nil {
		return nil, false
	}
	return m, true
}

// normalize turns json.Numbers into ints or float64s for graphql-go once
// checkVariables has checked their types.
func normalize(v any) any {
	switch v := v.(type) {
	case json.Number:
		if i, err := strconv.Atoi(v.String()); err == nil {
			return i
		}
		f, _ := v.Float64()
		return f
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = normalize(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for k, x := range v {
			out[k] = normalize(x)
		}
		return out
	}
	return v
}

// writeResult answers HTTP 200 with data and errors, leaving out data when
// the request never executed and errors when there are none.
func writeResult(w http.ResponseWriter, data any, errs []gqlerrors.FormattedError) {
	out := map[string]any{}
	if data != nil {
		out["data"] = data
	}
	if len(errs) > 0 {
		list := make([]map[string]any, len(errs))
		for k, e := range errs {
			list[k] = errorJSON(e)
		}
		out["errors"] = list
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_ = json.NewEncoder(w).Encode(out)
}

func itoa(n int) string { return strconv.Itoa(n) }

// errorJSON renders one error as graphql-php does: message, then locations,
// path and extensions only when there are some.
func errorJSON(e gqlerrors.FormattedError) map[string]any {
	m := map[string]any{"message": e.Message}
	if len(e.Locations) > 0 {
		m["locations"] = e.Locations
	}
	if len(e.Path) > 0 {
		m["path"] = e.Path
	}
	if len(e.Extensions) > 0 {
		m["extensions"] = e.Extensions
	}
	return m
}
