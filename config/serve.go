package config

import "time"

// Serve configures steward serve: where the console listens, how it is
// reached from outside, and who may log in.
//
//	serve:
//	  listen: 127.0.0.1:8080
//	  base_url: https://steward.example.com
//	  tls: {cert_file: /etc/steward/tls.crt, key_file: /etc/steward/tls.key}
//	  oidc:
//	    issuer: https://login.example.com
//	    client_id: steward
//	    client_secret: ${STEWARD_OIDC_SECRET}
//	    roles: {operator: [steward-ops], steward: [data-stewards], viewer: [staff]}
//	  tokens:
//	    - {name: ci, token: ${STEWARD_CI_TOKEN}, role: operator}
//	  session: {key: ${STEWARD_SESSION_KEY}, max_age: 12h, idle_timeout: 30m}
//	  trusted_proxies: [10.0.0.0/8]
type Serve struct {
	// Listen is the address the console binds (default 127.0.0.1:8080). A
	// non-loopback address needs TLS, or insecure_http: true when a proxy in
	// front terminates TLS.
	Listen string `yaml:"listen"`
	// InsecureHTTP states that plain HTTP on a non-loopback address is
	// intended because a proxy terminates TLS.
	InsecureHTTP bool `yaml:"insecure_http"`
	// BaseURL is the console's external URL (scheme and host, no path): the
	// OIDC redirect is built from it and https makes cookies Secure.
	BaseURL string      `yaml:"base_url"`
	TLS     ServeTLS    `yaml:"tls"`
	OIDC    *OIDC       `yaml:"oidc"`
	Tokens  []APIToken  `yaml:"tokens"`
	Session SessionSpec `yaml:"session"`
	// TrustedProxies are the proxies (addresses or networks) whose
	// X-Forwarded-For names the client that failed logins are counted
	// against; without them the connection's address counts.
	TrustedProxies []string `yaml:"trusted_proxies"`
}

// ServeTLS is the console's own certificate; without one it speaks plain HTTP.
type ServeTLS struct {
	CertFile string `yaml:"cert_file"`
	KeyFile  string `yaml:"key_file"`
	// MinVersion is "1.3" (the default) or "1.2".
	MinVersion string `yaml:"min_version"`
}

// Enabled reports whether the console serves TLS itself.
func (t ServeTLS) Enabled() bool { return t.CertFile != "" }

// OIDC is the organization's identity provider that people log in through.
type OIDC struct {
	// Issuer is the provider's issuer URL (its discovery document lives
	// under /.well-known/openid-configuration).
	Issuer           string `yaml:"issuer"`
	ClientID         string `yaml:"client_id"`
	ClientSecret     Secret `yaml:"client_secret"`
	ClientSecretFile string `yaml:"client_secret_file"`
	// Scopes are asked beside openid (default: profile, email).
	Scopes []string `yaml:"scopes"`
	// RoleClaim is the ID token claim holding the person's groups or roles
	// (default groups); a string or a list of strings.
	RoleClaim string `yaml:"role_claim"`
	// EmailClaim names the person in audit records (default email; the
	// subject when the claim is absent).
	EmailClaim string     `yaml:"email_claim"`
	Roles      RoleClaims `yaml:"roles"`
}

// RoleClaims maps role_claim values to steward roles; a person holding
// values of several gets the highest.
type RoleClaims struct {
	Operator []string `yaml:"operator"`
	Steward  []string `yaml:"steward"`
	Viewer   []string `yaml:"viewer"`
}

// APIToken is a static token for automation (Authorization: Bearer), also
// accepted by the login form of an install without an identity provider.
type APIToken struct {
	// Name identifies the token's holder in audit records.
	Name      string `yaml:"name"`
	Token     Secret `yaml:"token"`
	TokenFile string `yaml:"token_file"`
	// Role is viewer, steward or operator.
	Role string `yaml:"role"`
}

// SessionSpec configures login sessions.
type SessionSpec struct {
	// Key signs and encrypts session cookies (at least 32 bytes). Without
	// one, each process draws a random key and sessions end at restart.
	Key     Secret `yaml:"key"`
	KeyFile string `yaml:"key_file"`
	// MaxAge is how long a login lasts (default 12h).
	MaxAge Duration `yaml:"max_age"`
	// IdleTimeout ends a session unused this long (default 30m; 0 turns
	// it off). Activity renews it; max_age still ends it.
	IdleTimeout *Duration `yaml:"idle_timeout"`
}

// Idle returns the idle timeout in force: the configured one (0: off) or
// the default.
func (s SessionSpec) Idle() time.Duration {
	if s.IdleTimeout == nil {
		return DefaultSessionIdle
	}
	return s.IdleTimeout.Std()
}

// Defaults of the serve section.
const (
	DefaultListen        = "127.0.0.1:8080"
	DefaultSessionMaxAge = 12 * time.Hour
	DefaultSessionIdle   = 30 * time.Minute
	minSessionIdle       = 5 * time.Minute
	DefaultRoleClaim     = "groups"
	DefaultEmailClaim    = "email"
	MinSessionKeyBytes   = 32
	MinAPITokenChars     = 20
	maxSessionMaxAge     = 30 * 24 * time.Hour
	serveRoleHint        = "viewer, steward or operator"
	serveTokenLengthHint = "generate one with: openssl rand -hex 32"
)

// ServeRoles lists the role names in ascending order of rights.
var ServeRoles = []string{"viewer", "steward", "operator"}

func applyServeDefaults(s *Serve) {
	if s.Listen == "" {
		s.Listen = DefaultListen
	}
	if s.TLS.MinVersion == "" {
		s.TLS.MinVersion = DefaultTLSMinVersion
	}
	if s.Session.MaxAge == 0 {
		s.Session.MaxAge = Duration(DefaultSessionMaxAge)
	}
	if o := s.OIDC; o != nil {
		if o.RoleClaim == "" {
			o.RoleClaim = DefaultRoleClaim
		}
		if o.EmailClaim == "" {
			o.EmailClaim = DefaultEmailClaim
		}
		if len(o.Scopes) == 0 {
			o.Scopes = []string{"profile", "email"}
		}
	}
}
