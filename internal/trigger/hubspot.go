package trigger

// HubSpot request signature v3, as HubSpot documents it ("Validating
// requests from HubSpot", developers.hubspot.com/docs/apps/legacy-apps/
// authentication/validating-requests, and the changelog "Introducing version
// 3 of Webhook signatures"), and as its official Python SDK computes it
// (github.com/HubSpot/hubspot-api-python, hubspot/utils/signature.py):
//
//   - X-HubSpot-Signature-v3 is base64(HMAC-SHA256(app client secret,
//     method + URI + body + timestamp)), UTF-8, no separators;
//   - the URI is the full request URI HubSpot sent to (scheme, host, path,
//     query), with the URL-encoded characters of HubSpot's table decoded:
//     %3A : %2F / %3F ? %40 @ %21 ! %24 $ %27 ' %28 ( %29 ) %2A * %2C , %3B ;
//   - the timestamp is X-HubSpot-Request-Timestamp, milliseconds since the
//     epoch; a request whose timestamp is older than 5 minutes is rejected
//     (steward also rejects one more than 5 minutes ahead, and a signature
//     it accepted before: a replay);
//   - the signature is compared in constant time.
//
// The SDK's test vector (secret yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy, POST
// https://www.example.com/webhook_uri, body {'example_field':'example_value'},
// timestamp 15000000 → HPW73RUtKmcYoEDADG0s6MmGFWUzWJKAW07r8RDgcQw=) is a test
// here. Behind a proxy the scheme and host HubSpot called are the trigger's
// public_url, else X-Forwarded-Proto/-Host, else the request's own.

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// HubSpot's header names.
const (
	HubSpotSignatureHeader = "X-HubSpot-Signature-v3"
	HubSpotTimestampHeader = "X-HubSpot-Request-Timestamp"
)

// hubspotDecoder decodes the characters HubSpot decodes before signing, in
// either hex case.
var hubspotDecoder = func() *strings.Replacer {
	pairs := []string{"%3A", ":", "%2F", "/", "%3F", "?", "%40", "@", "%21", "!", "%24", "$",
		"%27", "'", "%28", "(", "%29", ")", "%2A", "*", "%2C", ",", "%3B", ";"}
	var all []string
	for i := 0; i < len(pairs); i += 2 {
		all = append(all, pairs[i], pairs[i+1], strings.ToLower(pairs[i]), pairs[i+1])
	}
	return strings.NewReplacer(all...)
}()

// HubSpotSignature computes a v3 signature.
func HubSpotSignature(secret, method, uri string, body []byte, timestamp string) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(method))
	m.Write([]byte(hubspotDecoder.Replace(uri)))
	m.Write(body)
	m.Write([]byte(timestamp))
	return base64.StdEncoding.EncodeToString(m.Sum(nil))
}

// verifyHubSpot checks a HubSpot request's v3 signature and timestamp and
// returns the signature (the replay key).
func verifyHubSpot(r *http.Request, body []byte, secret, publicURL string, now time.Time) (string, error) {
	sig := r.Header.Get(HubSpotSignatureHeader)
	ts := r.Header.Get(HubSpotTimestampHeader)
	if sig == "" || ts == "" {
		return "", refuse(http.StatusUnauthorized, "missing "+HubSpotSignatureHeader+" or "+HubSpotTimestampHeader)
	}
	ms, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return "", refuse(http.StatusUnauthorized, HubSpotTimestampHeader+" is not a number of milliseconds")
	}
	if err := fresh(time.UnixMilli(ms), now); err != nil {
		return "", err
	}
	want := HubSpotSignature(secret, r.Method, hubspotURI(r, publicURL), body, ts)
	if !hmac.Equal([]byte(want), []byte(sig)) {
		return "", refuse(http.StatusUnauthorized, "signature does not match")
	}
	return sig, nil
}

// hubspotURI is the URI HubSpot signed: the public base and the request
// target as received.
func hubspotURI(r *http.Request, publicURL string) string {
	target := r.RequestURI
	if target == "" {
		target = r.URL.RequestURI()
	}
	if publicURL != "" {
		return strings.TrimSuffix(publicURL, "/") + target
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if p := r.Header.Get("X-Forwarded-Proto"); p != "" {
		scheme, _, _ = strings.Cut(p, ",")
	}
	host := r.Host
	if h := r.Header.Get("X-Forwarded-Host"); h != "" {
		host, _, _ = strings.Cut(h, ",")
	}
	return strings.TrimSpace(scheme) + "://" + strings.TrimSpace(host) + target
}
