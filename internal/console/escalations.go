package console

import (
	"net/http"

	"github.com/stewardhq/steward/internal/webauth"
)

func (s *Server) escalationRoutes() []Route {
	return []Route{
		{Pattern: "GET /escalations", Role: webauth.Viewer, Handler: http.HandlerFunc(s.escalationList)},
	}
}

func (s *Server) escalationList(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, "escalations", nil)
}
