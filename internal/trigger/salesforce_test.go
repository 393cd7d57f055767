package trigger

import (
	"encoding/xml"
	"net/http"
	"strings"
	"testing"
	"time"
)

// outboundMessage is an outbound message shaped as Salesforce's outbound
// messaging WSDL defines it (one Lead notification).
func outboundBody(org string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
 <soapenv:Body>
  <notifications xmlns="http://soap.sforce.com/2005/09/outbound">
   <OrganizationId>` + org + `</OrganizationId>
   <ActionId>04k5g000000ABCDAA0</ActionId>
   <SessionId xsi:nil="true"/>
   <EnterpriseUrl>https://example.my.salesforce.com/services/Soap/c/60.0/00D5g000004ABCD</EnterpriseUrl>
   <PartnerUrl>https://example.my.salesforce.com/services/Soap/u/60.0/00D5g000004ABCD</PartnerUrl>
   <Notification>
    <Id>04l5g00000ABCDEAA0</Id>
    <sObject xsi:type="sf:Lead" xmlns:sf="urn:sobject.enterprise.soap.sforce.com">
     <sf:Id>00Q5g00000ABCDEEA2</sf:Id>
     <sf:Email>lead@example.com</sf:Email>
    </sObject>
   </Notification>
  </notifications>
 </soapenv:Body>
</soapenv:Envelope>`
}

func TestSalesforceOutboundMessage(t *testing.T) {
	tests := []struct {
		name, token, org, ctype string
		want                    int
	}{
		{"acknowledged", sfToken, sfOrg, "text/xml; charset=utf-8", http.StatusOK},
		{"org id in another case", sfToken, strings.ToLower(sfOrg), "text/xml", http.StatusOK},
		{"wrong token", "sf-canary-token-0123456780", sfOrg, "text/xml", http.StatusUnauthorized},
		{"short token", "sf", sfOrg, "text/xml", http.StatusUnauthorized},
		{"other org", sfToken, "00D5g000004ZZZZEA2", "text/xml", http.StatusForbidden},
		{"not SOAP", sfToken, sfOrg, "application/json", http.StatusUnsupportedMediaType},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h, srv, _, _ := testHooks(t, time.Unix(1_700_000_000, 0))
			resp, text := post(t, srv.URL+"/hooks/leads/salesforce/outbound/"+tc.token, []byte(outboundBody(tc.org)),
				map[string]string{"Content-Type": tc.ctype, "SOAPAction": `""`})
			if resp.StatusCode != tc.want || queued(h, "leads") != (tc.want == http.StatusOK) {
				t.Fatalf("status %d (%s) queued=%v, want %d", resp.StatusCode, text, queued(h, "leads"), tc.want)
			}
			if strings.Contains(text, "canary") {
				t.Errorf("response shows the token: %s", text)
			}
			if tc.want == http.StatusOK {
				checkAck(t, resp.Header.Get("Content-Type"), text)
			}
		})
	}
}

// checkAck parses the answer as the WSDL's notificationsResponse.
func checkAck(t *testing.T, ctype, text string) {
	t.Helper()
	var env struct {
		Body struct {
			Resp struct {
				Ack bool `xml:"http://soap.sforce.com/2005/09/outbound Ack"`
			} `xml:"http://soap.sforce.com/2005/09/outbound notificationsResponse"`
		} `xml:"http://schemas.xmlsoap.org/soap/envelope/ Body"`
	}
	if err := xml.Unmarshal([]byte(text), &env); err != nil || !env.Body.Resp.Ack || !strings.HasPrefix(ctype, "text/xml") {
		t.Errorf("answer is not an Ack (%s, %v): %s", ctype, err, text)
	}
}

func TestSalesforceMalformedMessageIsRefused(t *testing.T) {
	h, srv, _, _ := testHooks(t, time.Unix(1_700_000_000, 0))
	for _, body := range []string{`<x/>`, `not xml`, `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]><x>&e;</x>`} {
		resp, _ := post(t, srv.URL+"/hooks/leads/salesforce/outbound/"+sfToken, []byte(body), map[string]string{"Content-Type": "text/xml"})
		if resp.StatusCode != http.StatusBadRequest || queued(h, "leads") {
			t.Errorf("%q: status %d queued=%v, want 400", body, resp.StatusCode, queued(h, "leads"))
		}
	}
}

func TestSalesforceEventRelay(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	body := []byte(`{"schema":"Lead_Created__e","payload":{"LeadId__c":"00Q5g00000ABCDEEA2"}}`)
	tests := []struct {
		name   string
		body   []byte
		secret string
		want   int
	}{
		{"signed", body, sfToken, http.StatusAccepted},
		{"generic key is not the relay's", body, genericSecret, http.StatusUnauthorized},
		{"not JSON", []byte("<x/>"), sfToken, http.StatusBadRequest},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h, srv, _, _ := testHooks(t, now)
			resp, text := post(t, srv.URL+"/hooks/leads/salesforce/events", tc.body,
				map[string]string{SignatureHeader: SignatureValue(tc.secret, now.Unix(), tc.body)})
			if resp.StatusCode != tc.want || queued(h, "leads") != (tc.want == http.StatusAccepted) {
				t.Fatalf("status %d (%s) queued=%v, want %d", resp.StatusCode, text, queued(h, "leads"), tc.want)
			}
		})
	}
}
