package console

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
)

// missing lists the stores of d that are nil, by field name.
func (d Deps) missing() []string {
	var out []string
	for _, p := range []struct {
		name   string
		absent bool
	}{
		{"Review", d.Review == nil}, {"Escalations", d.Escalations == nil}, {"Audit", d.Audit == nil},
		{"Quality", d.Quality == nil}, {"Runs", d.Runs == nil},
	} {
		if p.absent {
			out = append(out, p.name)
		}
	}
	return out
}

// Check reports every store the console was built without, by its field
// name; the wiring refuses to serve with its error. (A console built anyway
// answers the pages of a missing store with a 500 page naming it.)
func (d Deps) Check() error {
	if m := d.missing(); len(m) > 0 {
		return fmt.Errorf("build the console: no store given for %s", strings.Join(m, ", "))
	}
	return nil
}

// needs replaces the handlers of routes with the page saying that the
// console was built without part (a store Deps.missing names), when it was.
func (s *Server) needs(part string, routes []Route) []Route {
	if !slices.Contains(s.deps.missing(), part) {
		return routes
	}
	for i := range routes {
		routes[i].Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			err := fmt.Errorf("console: this page needs the %s store (Deps.%s), which this console was built without", part, part)
			s.log.Error().Err(err).Str("path", r.URL.Path).Msg("console request failed")
			s.renderStatus(w, r, http.StatusInternalServerError, "error", errorData{Status: http.StatusInternalServerError,
				Title: http.StatusText(http.StatusInternalServerError), Message: err.Error()})
		})
	}
	return routes
}
