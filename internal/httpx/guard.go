package httpx

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/retry"
)

// ForeignHostError reports a request, next link or redirect to a host other
// than the configured one. Nothing is sent to it.
type ForeignHostError struct {
	URL     string
	Allowed string
}

func (e *ForeignHostError) Error() string {
	return fmt.Sprintf("refused request to %s: only %s is configured for this system", e.URL, e.Allowed)
}

// InsecureError reports a plain-http request that is not allowed.
type InsecureError struct{ URL string }

func (e *InsecureError) Error() string {
	return fmt.Sprintf("refused plain http request to %s: use https (http only to loopback with allow_insecure_loopback)", e.URL)
}

// IsHostRefusal reports whether err, however wrapped, is a host-guard refusal
// (*ForeignHostError or *InsecureError). A refusal is permanent: the stack
// never retries it, and a run that meets one should fail with it as its error.
func IsHostRefusal(err error) bool {
	var fe *ForeignHostError
	var ie *InsecureError
	return errors.As(err, &fe) || errors.As(err, &ie)
}

// hostGuard lets requests through only to one scheme and host.
type hostGuard struct {
	next          http.RoundTripper
	allowed       *url.URL
	allowInsecure bool
}

func (g hostGuard) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := g.check(req.URL); err != nil {
		return nil, err
	}
	return g.next.RoundTrip(req)
}

func (g hostGuard) check(u *url.URL) error {
	if u.Host != g.allowed.Host || (u.Scheme != g.allowed.Scheme && u.Scheme != "https") {
		return retry.Final(&ForeignHostError{URL: Redact(u), Allowed: g.allowed.Scheme + "://" + g.allowed.Host})
	}
	if u.Scheme == "http" && !(g.allowInsecure && config.IsLoopback(u.Hostname())) {
		return retry.Final(&InsecureError{URL: Redact(u)})
	}
	return nil
}

// checkRedirect refuses any redirect that leaves the configured host.
func (g hostGuard) checkRedirect(req *http.Request, via []*http.Request) error {
	if len(via) >= 5 {
		return retry.Final(fmt.Errorf("stopped after %d redirects at %s", len(via), Redact(req.URL)))
	}
	return g.check(req.URL)
}
