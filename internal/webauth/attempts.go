package webauth

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"strconv"
	"time"
)

// throttledError refuses a token attempt from an address that failed too
// often; Wait is how long until its window passes.
type throttledError struct {
	Wait time.Duration
}

func (e *throttledError) Error() string {
	return fmt.Sprintf("too many failed tokens from this address; try again in %s", retryAfter(e.Wait)+"s")
}

// retryAfter is d in whole seconds, rounded up, as Retry-After writes it.
func retryAfter(d time.Duration) string {
	return strconv.Itoa(int(math.Ceil(d.Seconds())))
}

// minutes is d for a person: whole minutes, rounded up.
func minutes(d time.Duration) string {
	m := int(math.Ceil(d.Minutes()))
	if m <= 1 {
		return "a minute"
	}
	return strconv.Itoa(m) + " minutes"
}

// tokenAttempt checks a token presented by r's client with check, unless
// that client is throttled (a *throttledError, even for a good token). A
// failure counts against the client (errBadToken); a success resets
// nothing, so a valid token cannot clear the way for guesses.
func (g *Guard) tokenAttempt(r *http.Request, check func() (apiToken, bool)) (apiToken, error) {
	addr, now := g.clientAddr(r), g.now()
	if wait, ok := g.fails.admit(addr, now); !ok {
		return apiToken{}, &throttledError{Wait: wait}
	}
	failed := true
	defer func() {
		if g.fails.settle(addr, now, failed) {
			g.log.Warn().Str("remote", addr).Int("failures", g.fails.limit).Dur("window", g.fails.window).Msg("failed tokens throttled")
		}
	}()
	t, ok := check()
	if ok {
		failed = false
		return t, nil
	}
	return apiToken{}, errBadToken
}

// refuse answers a request whose credential did not let it in.
func (g *Guard) refuse(w http.ResponseWriter, r *http.Request, err error) {
	var te *throttledError
	switch {
	case errors.As(err, &te):
		w.Header().Set("Retry-After", retryAfter(te.Wait))
		http.Error(w, te.Error(), http.StatusTooManyRequests)
	case errors.Is(err, errSessionCheck):
		g.page(w, r, http.StatusServiceUnavailable, "Not available", "The session could not be checked. Try again shortly.")
	default:
		g.refuseUnauthenticated(w, r, err)
	}
}
