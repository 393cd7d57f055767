package console

import (
	"net/http"

	"github.com/stewardhq/steward/internal/webauth"
)

func (s *Server) reviewRoutes() []Route {
	return []Route{
		{Pattern: "GET /review", Role: webauth.Viewer, Handler: http.HandlerFunc(s.reviewList)},
	}
}

func (s *Server) reviewList(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, "review", nil)
}
