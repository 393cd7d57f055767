package console

import (
	"net/http"

	"github.com/stewardhq/steward/internal/webauth"
)

func (s *Server) auditRoutes() []Route {
	return []Route{
		{Pattern: "GET /audit", Role: webauth.Viewer, Handler: http.HandlerFunc(s.auditList)},
	}
}

func (s *Server) auditList(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, "audit", nil)
}
