package webauth

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/oauth2-proxy/mockoidc"
)

// TestSecretsNeverRendered walks every page and refusal (login, token login
// right and wrong, role refusal, forged form, OIDC login with and without a
// role, logout) and checks that no API token, session key or client secret
// appears in a page or a log line.
func TestSecretsNeverRendered(t *testing.T) {
	m, s := idp(t)
	f := newFixture(t, s)
	f.clock.t = time.Now()
	c := f.client(t)
	csrf := f.formCSRF(t, c)
	f.do(t, c, "POST", "/login/token", url.Values{"token": {roleTokens[Operator] + "x"}, "csrf": {csrf}}, html)
	sess := f.login(t, c, Viewer)
	f.do(t, c, "GET", "/ops", nil, html)
	f.do(t, c, "POST", "/view", url.Values{"csrf": {"forged"}}, html)
	f.do(t, &http.Client{}, "GET", "/ops", nil, bearer(Steward))
	f.do(t, &http.Client{}, "GET", "/ops", nil, map[string]string{"Authorization": "Bearer " + roleTokens[Operator] + "x"})
	f.do(t, c, "POST", "/logout", url.Values{"csrf": {sess}}, html)
	for _, groups := range [][]string{{"ops"}, {"nobody"}} {
		m.QueueUser(&mockoidc.MockUser{Subject: "s", Email: "p@example.com", Groups: groups})
		f.do(t, browse(t), "GET", "/login/oidc?next=/ops", nil, html)
	}
	f.do(t, c, "GET", "/auth/callback?error=access_denied&state=x", nil, html)
	secrets := []string{roleTokens[Viewer], roleTokens[Steward], roleTokens[Operator], sessionKeyCanary, m.ClientSecret}
	logs := f.log.String()
	if !strings.Contains(logs, `"message":"login"`) || !strings.Contains(logs, `"message":"role refused"`) || !strings.Contains(logs, `"message":"token refused"`) {
		t.Errorf("the log misses events:\n%s", logs)
	}
	for _, sec := range secrets {
		if strings.Contains(logs, sec) {
			t.Errorf("a secret is in the log:\n%s", logs)
		}
		for _, b := range f.bodies {
			if strings.Contains(b, sec) {
				t.Errorf("a secret is in a page:\n%s", b)
			}
		}
	}
	if len(f.bodies) < 12 {
		t.Errorf("only %d pages read", len(f.bodies))
	}
}
