package trigger

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// FuzzGenericHeader: any X-Steward-Signature value and body give an answer,
// never a panic, and only a correct signature passes.
func FuzzGenericHeader(f *testing.F) {
	now := time.Unix(1_700_000_000, 0)
	f.Add("t=1700000000,v1="+Sign(genericSecret, 1_700_000_000, []byte("{}")), []byte("{}"))
	f.Add("t=,v1=,=,,v1", []byte(nil))
	f.Add("t=-9223372036854775808,v1=zz", []byte("x"))
	f.Fuzz(func(t *testing.T, header string, body []byte) {
		if _, err := verifyGeneric(header, body, genericSecret, now); err != nil {
			return
		}
		if _, err := verifyGeneric(header, body, "another-secret-0123", now); err == nil {
			t.Fatalf("header %q passes with two secrets", header)
		}
	})
}

// FuzzOutboundMessage: any body posted to the outbound endpoint is answered
// without a panic, and only a message of the configured org is acknowledged.
func FuzzOutboundMessage(f *testing.F) {
	f.Add(outboundBody(sfOrg))
	f.Add(outboundBody("00D5g000004ZZZZEA2"))
	f.Add(`<Envelope xmlns="http://schemas.xmlsoap.org/soap/envelope/"><Body/></Envelope>`)
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest(http.MethodPost, "/hooks/leads/salesforce/outbound/"+sfToken, strings.NewReader(body))
		req.SetPathValue("token", sfToken)
		req.Header.Set("Content-Type", "text/xml")
		_, err := verifyOutbound(req, []byte(body), sfToken, sfOrg)
		if err == nil && !strings.Contains(strings.ToLower(body), strings.ToLower(sfOrg)) {
			t.Fatalf("a message without the org id was accepted: %q", body)
		}
	})
}
