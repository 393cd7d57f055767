package config

import (
	"fmt"
	"strings"
	"testing"
)

func serveEnv(k string) (string, bool) {
	v, ok := map[string]string{
		"PIM_SECRET": "s3cr3t-canary", "PIM_PASSWORD": "pw-canary",
		"OIDC_SECRET": "oidc-client-canary", "CI_TOKEN": "ci-token-canary-0123456789",
		"SHORT": "short", "SESSION_KEY": strings.Repeat("k", 32),
	}[k]
	return v, ok
}

// TestServeDefaults: without a serve section the console binds loopback,
// TLS 1.3, 12h sessions; an OIDC section gets the groups claim.
func TestServeDefaults(t *testing.T) {
	f, err := Parse("good.yaml", []byte(good), kinds, serveEnv)
	if err != nil {
		t.Fatal(err)
	}
	s := f.Serve
	if s.Listen != "127.0.0.1:8080" || s.TLS.MinVersion != "1.3" || s.Session.MaxAge.Std() != DefaultSessionMaxAge || s.OIDC != nil {
		t.Errorf("defaults: %+v", s)
	}
	withOIDC := good + `serve:
  base_url: https://steward.example.com
  oidc: {issuer: "https://login.example.com", client_id: steward, client_secret: "${OIDC_SECRET}", roles: {steward: [editors]}}
  tokens: [{name: ci, token: "${CI_TOKEN}", role: operator}]
  session: {key: "${SESSION_KEY}"}
`
	f, err = Parse("good.yaml", []byte(withOIDC), kinds, serveEnv)
	if err != nil {
		t.Fatal(err)
	}
	o := f.Serve.OIDC
	if o.RoleClaim != "groups" || o.EmailClaim != "email" || o.ClientSecret.Reveal() != "oidc-client-canary" || f.Serve.Tokens[0].Token.Reveal() != "ci-token-canary-0123456789" {
		t.Errorf("oidc %+v", o)
	}
	if out := fmt.Sprintf("%v %+v", f.Serve, f.Serve); strings.Contains(out, "canary") {
		t.Errorf("a serve secret printed: %s", out)
	}
}

// TestServeProblems: every problem of a serve section at once, each at
// its line:col with key path and hint, no secret value in any message.
func TestServeProblems(t *testing.T) {
	for _, c := range serveProblemCases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("bad.yaml", []byte(good+"serve:\n"+c.serve+"\n"), kinds, serveEnv)
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not contain\n  %s\ngot:\n  %s", w, strings.ReplaceAll(err.Error(), "\n", "\n  "))
				}
			}
			if strings.Contains(err.Error(), "canary") || strings.Contains(err.Error(), "short\"") {
				t.Errorf("a secret value in a problem: %v", err)
			}
		})
	}
}

// serveProblemCases are broken serve sections and the problems a user sees.
var serveProblemCases = []struct {
	name, serve string
	want        []string
}{
	{"open bind without tls", "  listen: 0.0.0.0:8080", []string{
		`bad.yaml:26:3: serve.listen: listen 0.0.0.0:8080 is reachable from other machines over plain HTTP (hint: configure serve.tls, or write insecure_http: true`}},
	{"all interfaces", `  listen: ":8080"`, []string{`bad.yaml:26:3: serve.listen: listen :8080 is reachable from other machines`}},
	{"bad listen", "  listen: nowhere", []string{`bad.yaml:26:3: serve.listen: listen "nowhere" is not host:port`}},
	{"insecure with tls", "  listen: 0.0.0.0:8443\n  insecure_http: true\n  tls: {cert_file: /nonexistent/c.pem, key_file: /nonexistent/k.pem, min_version: \"1.1\"}", []string{
		`bad.yaml:27:3: serve.insecure_http: insecure_http is set while the console serves TLS itself (hint: remove insecure_http)`,
		`bad.yaml:28:9: serve.tls.cert_file: cert_file /nonexistent/c.pem: no such file or directory`,
		`bad.yaml:28:40: serve.tls.key_file: key_file /nonexistent/k.pem`,
		`bad.yaml:28:70: serve.tls.min_version: min_version "1.1" is not allowed (hint: write 1.2 or 1.3`}},
	{"half tls", "  tls: {cert_file: /nonexistent/c.pem}", []string{`bad.yaml:26:3: serve.tls: cert_file and key_file go together`}},
	{"http base_url", "  base_url: http://steward.example.com/console", []string{
		`bad.yaml:26:3: serve.base_url: base_url carries a path, query or credentials`,
		`bad.yaml:26:3: serve.base_url: base_url is plain http to another machine`}},
	{"oidc", "  oidc:\n    issuer: http://login.example.com\n    client_secret: literal-canary\n    roles: {}", []string{
		`bad.yaml:25:1: serve.base_url: OIDC login needs base_url`,
		`bad.yaml:27:5: serve.oidc.issuer: issuer is not https (hint: use the provider's https issuer URL; http is allowed only to loopback)`,
		`bad.yaml:28:5: serve.oidc.client_secret: secret is written literally`,
		`bad.yaml:29:5: serve.oidc.roles: no claim value maps to a role: nobody could log in (hint: list groups values under operator, steward or viewer)`,
		`serve.oidc.client_id: client_id is missing`}},
	{"tokens", "  tokens:\n    - {name: ci, token: \"${CI_TOKEN}\", role: admin}\n    - {name: ci, token: \"${CI_TOKEN}\", role: viewer}\n    - {name: \"\", token: \"${SHORT}\", role: steward}\n    - {name: x, role: viewer}\n    - {name: y, token: \"${UNSET_TOKEN}\", role: viewer}", []string{
		`bad.yaml:27:40: serve.tokens[0].role: unknown role "admin" (hint: viewer, steward or operator)`,
		`bad.yaml:28:8: serve.tokens[1].name: token name "ci" is used twice (hint: serve.tokens[0] has it already)`,
		`bad.yaml:28:18: serve.tokens[1].token: token is the same as another token's (hint: give each token its own value (serve.tokens[0]))`,
		`bad.yaml:29:8: serve.tokens[2].name: name is missing`,
		`bad.yaml:29:18: serve.tokens[2].token: token is shorter than 20 characters (hint: generate one with: openssl rand -hex 32)`,
		`bad.yaml:30:7: serve.tokens[3].token: token is missing`,
		`bad.yaml:31:17: serve.tokens[4].token: environment variable UNSET_TOKEN is not set`}},
	{"session", "  session: {key: \"${SHORT}\", max_age: 1s}", []string{
		`bad.yaml:26:13: serve.session.key: session key is shorter than 32 bytes`,
		`bad.yaml:26:30: serve.session.max_age: max_age 1s is out of range (hint: between 1m and 720h, e.g. 12h)`}},
	{"unknown key", "  oidc: {isuer: https://x}", []string{`bad.yaml:26:10: serve.oidc.isuer: unknown key "isuer" (hint: did you mean "issuer"?)`}},
}

// TestServeOpenBindAllowed: a non-loopback bind passes with TLS or with
// insecure_http stated.
func TestServeOpenBindAllowed(t *testing.T) {
	for _, s := range []string{"  listen: 0.0.0.0:8080\n  insecure_http: true", "  listen: 10.0.0.5:8080\n  insecure_http: true\n  base_url: https://steward.example.com"} {
		if _, err := Parse("good.yaml", []byte(good+"serve:\n"+s+"\n"), kinds, serveEnv); err != nil {
			t.Errorf("%s: %v", s, err)
		}
	}
}
