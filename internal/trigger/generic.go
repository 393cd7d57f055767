package trigger

// The generic webhook and the Salesforce Platform Event relay are signed the
// way steward defines (after Stripe's scheme, which many senders can
// produce): the header
//
//	X-Steward-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>
//
// A request is refused when t is more than 5 minutes from now (either way),
// when no v1 matches (several v1 may be given while a secret is rotated), or
// when the same signature was accepted before (a replay).

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// SignatureHeader carries the generic signature.
const SignatureHeader = "X-Steward-Signature"

// Tolerance is how far a signed timestamp may be from now.
const Tolerance = 5 * time.Minute

// Sign computes the v1 value of a generic signature.
func Sign(secret string, t int64, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(strconv.FormatInt(t, 10)))
	m.Write([]byte("."))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// SignatureValue builds the whole X-Steward-Signature header value, for
// senders written in Go and for tests.
func SignatureValue(secret string, t int64, body []byte) string {
	return "t=" + strconv.FormatInt(t, 10) + ",v1=" + Sign(secret, t, body)
}

// verifyGeneric checks an X-Steward-Signature header and returns the
// matching signature (the replay key).
func verifyGeneric(header string, body []byte, secret string, now time.Time) (string, error) {
	if header == "" {
		return "", refuse(http.StatusUnauthorized, "missing "+SignatureHeader)
	}
	var ts string
	var sigs []string
	for part := range strings.SplitSeq(header, ",") {
		k, v, _ := strings.Cut(strings.TrimSpace(part), "=")
		switch k {
		case "t":
			ts = v
		case "v1":
			sigs = append(sigs, v)
		}
	}
	t, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || len(sigs) == 0 {
		return "", refuse(http.StatusUnauthorized, SignatureHeader+" wants t=<unix seconds>,v1=<hex>")
	}
	if err := fresh(time.Unix(t, 0), now); err != nil {
		return "", err
	}
	want := Sign(secret, t, body)
	for _, s := range sigs {
		if hmac.Equal([]byte(want), []byte(strings.ToLower(s))) {
			return want, nil
		}
	}
	return "", refuse(http.StatusUnauthorized, "signature does not match")
}

// fresh refuses a signed time more than Tolerance from now.
func fresh(signed, now time.Time) error {
	switch d := now.Sub(signed); {
	case d > Tolerance:
		return refuse(http.StatusUnauthorized, "timestamp is older than 5 minutes")
	case d < -Tolerance:
		return refuse(http.StatusUnauthorized, "timestamp is more than 5 minutes ahead")
	}
	return nil
}
