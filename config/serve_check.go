package config

import (
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"
)

// serve applies the serve section's defaults and checks it: the bind
// address against TLS, the external URL, the identity provider, the tokens
// and the session key. Secrets are resolved here; no message holds a value.
func (v *validator) serve() {
	s := &v.f.Serve
	applyServeDefaults(s)
	v.serveListen(s)
	v.serveBaseURL(s)
	v.serveTLS(s.TLS)
	if s.OIDC != nil {
		v.oidc(s)
	}
	v.apiTokens(s.Tokens)
	v.session(&s.Session)
	v.trustedProxies(s.TrustedProxies)
}

func (v *validator) serveListen(s *Serve) {
	host, port, err := net.SplitHostPort(s.Listen)
	if err != nil || port == "" {
		v.add("serve.listen", fmt.Sprintf("listen %q is not host:port", s.Listen), "write an address such as 127.0.0.1:8080")
		return
	}
	switch {
	case IsLoopback(host):
	case s.TLS.Enabled() && s.InsecureHTTP:
		v.add("serve.insecure_http", "insecure_http is set while the console serves TLS itself", "remove insecure_http")
	case !s.TLS.Enabled() && !s.InsecureHTTP:
		v.add("serve.listen", fmt.Sprintf("listen %s is reachable from other machines over plain HTTP", s.Listen),
			"configure serve.tls, or write insecure_http: true when a proxy in front terminates TLS, or bind 127.0.0.1")
	}
}

func (v *validator) serveBaseURL(s *Serve) {
	if s.BaseURL == "" {
		return
	}
	u, err := url.Parse(s.BaseURL)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		v.add("serve.base_url", fmt.Sprintf("base_url %q is not an absolute http(s) URL", s.BaseURL), "write scheme and host, e.g. https://steward.example.com")
		return
	}
	if strings.Trim(u.Path, "/") != "" || u.RawQuery != "" || u.User != nil {
		v.add("serve.base_url", "base_url carries a path, query or credentials", "give scheme and host only; the console is served at the root of its host")
	}
	if u.Scheme == "http" && !IsLoopback(u.Hostname()) {
		v.add("serve.base_url", "base_url is plain http to another machine: session cookies would travel in clear", "use https (a proxy may terminate TLS), or a loopback address")
	}
}

func (v *validator) serveTLS(t ServeTLS) {
	p := "serve.tls"
	if t.MinVersion != "1.2" && t.MinVersion != "1.3" {
		v.add(p+".min_version", fmt.Sprintf("min_version %q is not allowed", t.MinVersion), "write 1.2 or 1.3; older versions are refused")
	}
	if (t.CertFile == "") != (t.KeyFile == "") {
		v.add(p, "cert_file and key_file go together", "give both to serve TLS, or neither")
	}
	for key, file := range map[string]string{"cert_file": t.CertFile, "key_file": t.KeyFile} {
		if file == "" {
			continue
		}
		if _, err := os.Stat(file); err != nil {
			v.add(p+"."+key, fmt.Sprintf("%s %s: %v", key, file, unwrapPathErr(err)), "point it at a readable PEM file")
		}
	}
}

func (v *validator) oidc(s *Serve) {
	o, p := s.OIDC, "serve.oidc"
	u, err := url.Parse(o.Issuer)
	switch {
	case o.Issuer == "":
		v.add(p+".issuer", "issuer is missing", "the identity provider's issuer URL, e.g. https://login.example.com/realms/acme")
	case err != nil || u.Host == "":
		v.add(p+".issuer", fmt.Sprintf("issuer %q is not an absolute URL", o.Issuer), "write scheme and host, e.g. https://login.example.com")
	case u.Scheme != "https" && !(u.Scheme == "http" && IsLoopback(u.Hostname())):
		v.add(p+".issuer", "issuer is not https", "use the provider's https issuer URL; http is allowed only to loopback")
	}
	if o.ClientID == "" {
		v.add(p+".client_id", "client_id is missing", "the client id registered for steward at the identity provider")
	}
	v.secret(p, "client_secret", &o.ClientSecret, o.ClientSecretFile)
	if !o.ClientSecret.IsSet() && o.ClientSecretFile == "" && !v.has(p+".client_secret") {
		v.add(p+".client_secret", "client_secret is missing", "write client_secret: ${STEWARD_OIDC_SECRET} or client_secret_file: PATH")
	}
	if s.BaseURL == "" {
		v.add("serve.base_url", "OIDC login needs base_url", "the console's external URL; the provider redirects to base_url/auth/callback")
	}
	r := o.Roles
	if len(r.Operator)+len(r.Steward)+len(r.Viewer) == 0 {
		v.add(p+".roles", "no claim value maps to a role: nobody could log in", fmt.Sprintf("list %s values under operator, steward or viewer", o.RoleClaim))
	}
}

func (v *validator) apiTokens(ts []APIToken) {
	names := map[string]int{}
	values := map[string]int{}
	for i, t := range ts {
		p := fmt.Sprintf("serve.tokens[%d]", i)
		switch {
		case strings.TrimSpace(t.Name) == "":
			v.add(p+".name", "name is missing", "name the program or person holding the token; audit records carry it")
		case names[t.Name] > 0:
			v.add(p+".name", fmt.Sprintf("token name %q is used twice", t.Name), fmt.Sprintf("serve.tokens[%d] has it already", names[t.Name]-1))
		}
		names[t.Name] = i + 1
		if !slices.Contains(ServeRoles, t.Role) {
			v.add(p+".role", fmt.Sprintf("unknown role %q", t.Role), serveRoleHint)
		}
		v.apiToken(p, &ts[i], values, i)
	}
}

func (v *validator) apiToken(p string, t *APIToken, values map[string]int, i int) {
	before := len(v.ps)
	v.secret(p, "token", &t.Token, t.TokenFile)
	if len(v.ps) > before {
		return
	}
	val := t.Token.Reveal()
	switch {
	case val == "" && !t.Token.IsSet() && t.TokenFile == "":
		v.add(p+".token", "token is missing", "write token: ${STEWARD_TOKEN_NAME} or token_file: PATH; "+serveTokenLengthHint)
	case len(val) < MinAPITokenChars:
		v.add(p+".token", fmt.Sprintf("token is shorter than %d characters", MinAPITokenChars), serveTokenLengthHint)
	case values[val] > 0:
		v.add(p+".token", "token is the same as another token's", fmt.Sprintf("give each token its own value (serve.tokens[%d])", values[val]-1))
	}
	values[val] = i + 1
}

func (v *validator) session(s *SessionSpec) {
	before := len(v.ps)
	v.secret("serve.session", "key", &s.Key, s.KeyFile)
	if len(v.ps) == before && (s.Key.IsSet() || s.KeyFile != "") && len(s.Key.Reveal()) < MinSessionKeyBytes {
		v.add("serve.session.key", fmt.Sprintf("session key is shorter than %d bytes", MinSessionKeyBytes), serveTokenLengthHint)
	}
	if d := s.MaxAge.Std(); d < time.Minute || d > maxSessionMaxAge {
		v.add("serve.session.max_age", fmt.Sprintf("max_age %s is out of range", d), "between 1m and 720h, e.g. 12h")
	}
	if s.IdleTimeout == nil {
		return
	}
	if d := s.IdleTimeout.Std(); d != 0 && (d < minSessionIdle || d > s.MaxAge.Std()) {
		v.add("serve.session.idle_timeout", fmt.Sprintf("idle_timeout %s is out of range", d),
			fmt.Sprintf("0 turns it off; else between %s and max_age (%s), e.g. 30m", minSessionIdle, s.MaxAge.Std()))
	}
}

// trustedProxies checks each trusted proxy is an address or a network.
func (v *validator) trustedProxies(ps []string) {
	for i, p := range ps {
		if _, err := ParseTrustedProxy(p); err != nil {
			v.add(fmt.Sprintf("serve.trusted_proxies[%d]", i), fmt.Sprintf("trusted proxy %q is not an address or a network", p),
				"write the proxy's address (10.0.0.5, fd00::5) or its network (10.0.0.0/8)")
		}
	}
}

// ParseTrustedProxy reads a serve.trusted_proxies entry: an address (a
// prefix of its full length) or a network in CIDR form, as written.
func ParseTrustedProxy(p string) (netip.Prefix, error) {
	if strings.Contains(p, "/") {
		return netip.ParsePrefix(p)
	}
	a, err := netip.ParseAddr(p)
	if err != nil {
		return netip.Prefix{}, err
	}
	if a.Zone() != "" {
		return netip.Prefix{}, fmt.Errorf("address %s has a zone", p)
	}
	return netip.PrefixFrom(a, a.BitLen()), nil
}
