// Package console serves steward's web console: server-rendered pages where
// data stewards review drafts and escalations and read the audit trail,
// quality and runs. Every page works without JavaScript; every form carries
// the session's anti-forgery token. The console authenticates nobody itself:
// the wiring wraps each Route's handler with the webauth guard at its Role.
package console

import (
	"net/http"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/webauth"
)

// Deps is what the console reads and acts through. The SQLite *store.Store
// implements every store interface; tests may pass smaller fakes.
type Deps struct {
	// Review lists and decides drafts.
	Review ReviewStore
	// Escalations lists and decides escalations.
	Escalations EscalationStore
	// Audit lists recorded decisions.
	Audit AuditStore
	// Quality reads stored quality checks (the quality, trend and product pages).
	Quality QualityStore
	// Runs reads run history and discards dead letters (the runs pages).
	Runs RunStore
	// Replay writes dead letters again (nil: the run page offers no replay).
	Replay ReplayFunc
	// ProductLink is a product's address in its system's interface, by
	// system and native id, "" when none (connector.Registry.ProductLinks;
	// nil: no links).
	ProductLink func(system, nativeID string) string
	// Config is the loaded steward.yaml (jobs, systems); never rendered.
	Config *config.File
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Server renders the console's pages. Build it with New; it is safe for
// concurrent use.
type Server struct {
	deps  Deps
	log   zerolog.Logger
	pages pages
	// scan bounds the products one quality page reads.
	scan scanBudget
}

// Route is one endpoint of the console: a Go 1.22 ServeMux pattern (method
// and path, e.g. "POST /review/{id}/approve"), the least role it needs, and
// its handler. The wiring registers it as mux.Handle(Pattern,
// guard.Require(Role, Handler)).
type Route struct {
	Pattern string
	Role    webauth.Role
	Handler http.Handler
}

// New builds the console. It panics only if the embedded templates do not
// parse, which the package's tests catch. A store missing from deps (see
// Deps.Check) makes its section's pages a 500 page naming it.
func New(deps Deps, log zerolog.Logger) *Server {
	if deps.Now == nil {
		deps.Now = time.Now
	}
	return &Server{deps: deps, log: log, pages: mustParsePages(), scan: defaultScan}
}

// Routes lists every endpoint of the console. Each section adds its routes
// in its own file (reviewRoutes in review.go, ...); reading needs Viewer,
// every change at least Steward.
func (s *Server) Routes() []Route {
	rs := []Route{
		{Pattern: "GET /{$}", Role: webauth.Viewer, Handler: http.RedirectHandler("/review", http.StatusSeeOther)},
		{Pattern: "GET /static/console.css", Role: webauth.Viewer, Handler: http.HandlerFunc(serveCSS)},
	}
	for _, section := range [][]Route{s.needs("Review", s.reviewRoutes()), s.needs("Escalations", s.escalationRoutes()),
		s.needs("Audit", s.auditRoutes()), s.needs("Quality", s.qualityRoutes()), s.needs("Runs", s.runRoutes())} {
		rs = append(rs, section...)
	}
	return rs
}

// now is the current time in UTC.
func (s *Server) now() time.Time { return s.deps.Now().UTC() }

// job returns the configured job of that name.
func (s *Server) job(name string) (config.Job, bool) {
	if s.deps.Config == nil {
		return config.Job{}, false
	}
	return s.deps.Config.Job(name)
}
