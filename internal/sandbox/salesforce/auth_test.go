package salesforce

import (
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
)

func TestSessionTimesOutWhenIdle(t *testing.T) {
	f := start(t, 0, func(o *Options) { o.SessionTimeout = time.Hour })
	f.clock.add(59 * time.Minute)
	expect(t, f.call(t, "GET", v+"/limits", ""), 200, "")
	f.clock.add(59 * time.Minute) // idle time restarts with each call
	expect(t, f.call(t, "GET", v+"/limits", ""), 200, "")
	f.clock.add(time.Hour)
	if a := f.call(t, "GET", v+"/limits", ""); a.status != 401 || errorCode(t, a) != "INVALID_SESSION_ID" {
		t.Errorf("after an idle hour: %d %s", a.status, a.body)
	}
}

func TestTokenEndpointRejects(t *testing.T) {
	f := start(t, 0)
	if a := f.send(t, "POST", "/services/oauth2/token", `{"grant_type":"client_credentials"}`, func(r *http.Request) {
		r.Header.Set("Content-Type", "application/json")
	}); a.status != 400 || decode[tokenError](t, a).Error != "invalid_request" {
		t.Errorf("json body: %d %s", a.status, a.body)
	}
	expect(t, f.form(t, url.Values{"grant_type": {"password"}}), 400,
		`{"error":"unsupported_grant_type","error_description":"grant type not supported"}`)
	both := f.form(t, url.Values{"grant_type": {"client_credentials"}, "client_id": {testID}, "client_secret": {testSecret}},
		func(r *http.Request) { r.SetBasicAuth(testID, testSecret) })
	if both.status != 400 {
		t.Errorf("credentials twice: %d", both.status)
	}
	for _, h := range []string{"", "Bearer ", "Basic abc", "Bearer nope"} {
		a := f.send(t, "GET", v+"/limits", "", func(r *http.Request) { r.Header.Set("Authorization", h) })
		if a.status != 401 {
			t.Errorf("Authorization %q: %d", h, a.status)
		}
	}
}

func TestSandboxKeyIsDeterministicAndAccepted(t *testing.T) {
	cat := catalog.New(40, 3)
	e1, e2 := Sandbox(cat), Sandbox(catalog.New(40, 3))
	if string(e1.PrivateKeyPEM()) != string(e2.PrivateKeyPEM()) || len(e1.PrivateKeyPEM()) == 0 {
		t.Fatal("the sandbox key differs between two starts")
	}
	block, _ := pem.Decode(e1.PrivateKeyPEM())
	k, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{e: e1, srv: httptest.NewServer(e1)}
	t.Cleanup(f.srv.Close)
	c := map[string]any{"iss": SandboxClientID, "sub": SandboxUsername, "aud": "https://login.salesforce.com", "exp": time.Now().Add(time.Minute).Unix()}
	a := f.form(t, url.Values{"grant_type": {grantJWT}, "assertion": {jwt(t, k.(*rsa.PrivateKey), c)}})
	expect(t, a, 200, "")
	f.token = decode[tokenBody](t, a).AccessToken
	expect(t, f.call(t, "GET", v+"/limits", ""), 200, "")
}
