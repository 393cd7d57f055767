// Package webauth authenticates the people and programs that use steward's web
// console and endpoints (OIDC login sessions, static API tokens), gives each a
// role, and guards every form against cross-site request forgery.
package webauth

import "context"

// Role is what a principal may do. Roles are ordered: each holds the rights of
// the ones below it.
type Role int

// The roles, lowest first.
const (
	// Viewer reads every page and changes nothing.
	Viewer Role = iota + 1
	// Steward reviews: approves, edits or rejects drafts and decides escalations.
	Steward
	// Operator runs the pipeline: runs, dead letters, state.
	Operator
)

// String names the role as configuration writes it.
func (r Role) String() string {
	switch r {
	case Viewer:
		return "viewer"
	case Steward:
		return "steward"
	case Operator:
		return "operator"
	}
	return "none"
}

// Allows reports whether a principal with role r may do what needs role need.
func (r Role) Allows(need Role) bool { return need >= Viewer && r >= need }

// Principal is who makes a request: a person logged in through OIDC or a
// program holding an API token.
type Principal struct {
	// Name identifies the principal in audit records: the e-mail (or subject)
	// of a person, the configured name of a token.
	Name string
	Role Role
	// Via is "oidc" or "token".
	Via string
	// CSRF is the session's anti-forgery token, rendered into every form as
	// the field CSRFField; empty for token requests, which carry no cookie.
	CSRF string
}

// CSRFField is the form field (and, as X-CSRF-Token, the header) that carries
// the anti-forgery token of a session.
const CSRFField = "csrf"

type principalKey struct{}

// WithPrincipal returns ctx carrying p; the guard calls it once a request is
// authenticated, and tests call it to stand in for the guard.
func WithPrincipal(ctx context.Context, p Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// FromContext returns the principal of an authenticated request.
func FromContext(ctx context.Context) (Principal, bool) {
	p, ok := ctx.Value(principalKey{}).(Principal)
	return p, ok
}
