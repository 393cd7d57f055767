package trigger

// Salesforce outbound messages, as Salesforce documents them (SOAP API
// Developer Guide: "Understanding Outbound Messaging", "Understanding the
// Outbound Messaging WSDL", "Considerations for Security",
// developer.salesforce.com/docs/atlas.en-us.api.meta/api/):
//
//   - a workflow or flow action POSTs a SOAP 1.1 envelope (text/xml) whose
//     body holds notifications (namespace http://soap.sforce.com/2005/09/outbound)
//     with OrganizationId (an 18-character ID), ActionId, SessionId,
//     EnterpriseUrl, PartnerUrl and up to 100 Notification elements, each
//     with its own Id and the sObject's chosen fields;
//   - the listener answers notificationsResponse with <Ack>true</Ack>;
//     without it Salesforce retries the message (for up to 24 hours);
//   - the message carries no signature and the endpoint URL is the only
//     thing the admin configures (no custom headers). Salesforce advises
//     checking the OrganizationId, TLS, its IP ranges or its client
//     certificate.
//
// So steward authenticates an outbound message by a secret token in the
// endpoint's path (POST /hooks/{job}/salesforce/outbound/{token}, compared in
// constant time over SHA-256 digests, so neither content nor length leaks)
// plus the configured organization id: another org's message is refused.
// The token travels inside TLS but stands in the URL: keep it out of proxy
// access logs, and rotate it like a password.
//
// Platform Events have no push of their own; a relay (a Pub/Sub API
// subscriber, or an Apex callout) forwards them as JSON signed like the
// generic webhook (generic.go) with the same secret, to
// POST /hooks/{job}/salesforce/events.

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"encoding/xml"
	"mime"
	"net/http"
	"strings"
	"time"
)

// SOAP and outbound-message namespaces.
const (
	soapNS     = "http://schemas.xmlsoap.org/soap/envelope/"
	outboundNS = "http://soap.sforce.com/2005/09/outbound"
)

// AckBody is the notificationsResponse that tells Salesforce the message
// was received.
const AckBody = `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="` + soapNS + `"><soapenv:Body>` +
	`<notificationsResponse xmlns="` + outboundNS + `"><Ack>true</Ack></notificationsResponse>` +
	`</soapenv:Body></soapenv:Envelope>
`

type soapEnvelope struct {
	XMLName xml.Name `xml:"http://schemas.xmlsoap.org/soap/envelope/ Envelope"`
	Body    struct {
		Notifications *outboundMessage `xml:"http://soap.sforce.com/2005/09/outbound notifications"`
	} `xml:"http://schemas.xmlsoap.org/soap/envelope/ Body"`
}

type outboundMessage struct {
	OrganizationID string `xml:"http://soap.sforce.com/2005/09/outbound OrganizationId"`
	Notification   []struct {
		ID string `xml:"http://soap.sforce.com/2005/09/outbound Id"`
	} `xml:"http://soap.sforce.com/2005/09/outbound Notification"`
}

// sameSecret compares a presented token with the secret in constant time.
func sameSecret(got, secret string) bool {
	a, b := sha256.Sum256([]byte(got)), sha256.Sum256([]byte(secret))
	return subtle.ConstantTimeCompare(a[:], b[:]) == 1
}

// verifyOutbound checks an outbound message's token, content type and
// organization, and returns how many notifications it holds.
func verifyOutbound(r *http.Request, body []byte, secret, org string) (int, error) {
	if !sameSecret(r.PathValue("token"), secret) {
		return 0, refuse(http.StatusUnauthorized, "endpoint token does not match")
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "text/xml" {
		return 0, refuse(http.StatusUnsupportedMediaType, "an outbound message is text/xml (SOAP 1.1)")
	}
	var env soapEnvelope
	if err := xml.Unmarshal(body, &env); err != nil || env.Body.Notifications == nil {
		return 0, refuse(http.StatusBadRequest, "body is not a SOAP outbound message (notifications)")
	}
	m := env.Body.Notifications
	if !strings.EqualFold(strings.TrimSpace(m.OrganizationID), org) {
		return 0, refuse(http.StatusForbidden, "message comes from another Salesforce org")
	}
	return len(m.Notification), nil
}

// verifyRelay checks a Platform Event relay's signature and JSON body.
func verifyRelay(r *http.Request, body []byte, secret string, now time.Time) (string, error) {
	sig, err := verifyGeneric(r.Header.Get(SignatureHeader), body, secret, now)
	if err != nil {
		return "", err
	}
	if !json.Valid(body) {
		return "", refuse(http.StatusBadRequest, "relayed event is not JSON")
	}
	return sig, nil
}
