package httpx

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/internal/logkey"
	"github.com/stewardhq/steward/internal/retry"
	"github.com/stewardhq/steward/internal/scrub"
)

// MaxBody bounds one response body; a larger one is refused, not read into memory.
const MaxBody = 64 << 20

// ErrBodyTooLarge reports a response over MaxBody.
var ErrBodyTooLarge = errors.New("response body over the size limit")

// RetryAfterError reports a Retry-After longer than the policy allows.
type RetryAfterError struct {
	Wait, Cap time.Duration
	URL       string
}

func (e *RetryAfterError) Error() string {
	return fmt.Sprintf("%s asked to wait %s, over the %s cap; stopping this stream with its state kept", e.URL, e.Wait, e.Cap)
}

// StatusError is a final HTTP error response, with the body for the connector
// to decode. Its text carries the body scrubbed of the system's credentials
// (an upstream may echo the request), then cut to length.
type StatusError struct {
	Method string
	URL    string
	Status int
	Body   []byte
	Header http.Header

	scrub *scrub.Scrubber
}

func (e *StatusError) Error() string {
	body := e.scrub.String(string(bytes.TrimSpace(e.Body)))
	return fmt.Sprintf("%s %s: status %d: %s", e.Method, e.URL, e.Status, truncate(body, 300))
}

type idempotentKey struct{}

// Idempotent marks a request whose method is not idempotent by itself (POST,
// PATCH) as safe to repeat, because the target upserts by key.
func Idempotent(ctx context.Context) context.Context {
	return context.WithValue(ctx, idempotentKey{}, true)
}

// Classifier refines the class of a failed answer from what the API says in
// it; ok false keeps the stack's own classification. An API client uses it
// for answers the status alone misclassifies, such as a 429 that no wait will
// cure (an exhausted quota).
type Classifier func(status int, body []byte) (class retry.Class, ok bool)

type classifierKey struct{}

// WithClassifier makes requests made with ctx consult c for every error status.
func WithClassifier(ctx context.Context, c Classifier) context.Context {
	return context.WithValue(ctx, classifierKey{}, c)
}

// refine lets the request's Classifier, if any, overrule class for an error
// status. The body is read from its in-memory copy and left readable.
func refine(req *http.Request, resp *http.Response, class retry.Class) retry.Class {
	c, _ := req.Context().Value(classifierKey{}).(Classifier)
	if c == nil || resp == nil || resp.StatusCode < 400 {
		return class
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if cl, ok := c(resp.StatusCode, body); ok {
		return cl
	}
	return class
}

type attemptTimeoutKey struct{}

// WithAttemptTimeout bounds each attempt of the requests made with ctx by d
// (body included) in place of the system's request timeout, for calls whose
// answers take longer, such as chat completions. Waits between attempts are
// not counted; the run's retry budget bounds those.
func WithAttemptTimeout(ctx context.Context, d time.Duration) context.Context {
	return context.WithValue(ctx, attemptTimeoutKey{}, d)
}

// attemptTimeout is the bound of one attempt of req.
func (t *retryTransport) attemptTimeout(req *http.Request) time.Duration {
	if d, ok := req.Context().Value(attemptTimeoutKey{}).(time.Duration); ok && d > 0 {
		return d
	}
	return t.timeout
}

func replayable(req *http.Request) bool {
	if req.Body != nil && req.Body != http.NoBody && req.GetBody == nil {
		return false
	}
	switch req.Method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete:
		return true
	}
	v, _ := req.Context().Value(idempotentKey{}).(bool)
	return v
}

// retryTransport retries retryable failures with full-jitter backoff, honours
// Retry-After up to the cap, reads bodies whole (so a truncated body is a
// retryable transport error, never half a page) and turns final error statuses
// into *StatusError.
type retryTransport struct {
	next   http.RoundTripper
	policy retry.Policy
	sleep  func(ctx context.Context, d time.Duration) error
	now    func() time.Time
	log    zerolog.Logger
	system string
	// timeout bounds one attempt, body included, so a stalled or trickling
	// server is retried instead of hanging.
	timeout time.Duration
	// scrub knows the system's credentials, for error texts.
	scrub *scrub.Scrubber
	// obs is told of every attempt, retry and 429 wait.
	obs Observer
}

func (t *retryTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	canRetry := replayable(req)
	for attempt := 0; ; attempt++ {
		resp, err := t.attempt(req, attempt)
		class := refine(req, resp, classify(resp, err))
		if class == retry.OK {
			return resp, nil
		}
		if class != retry.Retryable || !canRetry || attempt >= t.policy.MaxRetries {
			return nil, t.final(req, resp, err, attempt)
		}
		wait, werr := t.wait(req, resp, attempt)
		if werr != nil {
			return nil, werr
		}
		t.log.Debug().Str(logkey.System, t.system).Int(logkey.Attempt, attempt+1).Dur(logkey.Wait, wait).
			Str(logkey.URL, Redact(req.URL)).Str(logkey.Cause, cause(resp, err)).Msg("retrying request")
		t.obs.Retry(t.system)
		tally := TallyFrom(req.Context())
		tally.retry()
		if resp != nil && resp.StatusCode == http.StatusTooManyRequests {
			t.obs.Wait(t.system, wait)
			tally.waited(wait)
		}
		if err := t.sleep(req.Context(), wait); err != nil {
			return nil, err
		}
	}
}

func (t *retryTransport) attempt(req *http.Request, n int) (*http.Response, error) {
	ctx := req.Context()
	timeout := t.attemptTimeout(req)
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	ctx, limited := withLimitWait(ctx)
	r := req.Clone(ctx)
	if n > 0 && req.GetBody != nil {
		body, err := req.GetBody()
		if err != nil {
			return nil, err
		}
		r.Body = body
	}
	start := t.now()
	resp, err := t.next.RoundTrip(r)
	if err != nil {
		t.obs.Request(t.system, 0, t.now().Sub(start)-limited.d)
		TallyFrom(ctx).attempt(0)
		return nil, t.timedOut(req, ctx, timeout, err)
	}
	body, err := readBody(resp)
	if err != nil {
		err = t.timedOut(req, ctx, timeout, err)
	}
	took := t.now().Sub(start)
	t.obs.Request(t.system, resp.StatusCode, took-limited.d)
	TallyFrom(ctx).attempt(resp.StatusCode)
	t.log.Trace().Str(logkey.System, t.system).Str(logkey.Method, req.Method).Str(logkey.URL, Redact(req.URL)).
		Int(logkey.Status, resp.StatusCode).Int(logkey.Bytes, len(body)).Int64(logkey.DurationMS, took.Milliseconds()).Msg("request")
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, nil
}

// timedOut turns the end of an attempt's own deadline into a retryable error;
// the caller's cancellation stays final.
func (t *retryTransport) timedOut(req *http.Request, attemptCtx context.Context, timeout time.Duration, err error) error {
	if req.Context().Err() == nil && errors.Is(attemptCtx.Err(), context.DeadlineExceeded) {
		return retry.Transient(fmt.Errorf("no complete answer within %s: %w", timeout, err))
	}
	return err
}

func readBody(resp *http.Response) ([]byte, error) {
	defer resp.Body.Close()
	if resp.ContentLength > MaxBody {
		return nil, retry.Final(fmt.Errorf("%w: %d bytes announced", ErrBodyTooLarge, resp.ContentLength))
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxBody+1))
	if err != nil {
		return nil, retry.Transient(fmt.Errorf("read response body (truncated after %d bytes): %w", len(body), err))
	}
	if len(body) > MaxBody {
		return nil, retry.Final(fmt.Errorf("%w of %d bytes", ErrBodyTooLarge, MaxBody))
	}
	return body, nil
}

func classify(resp *http.Response, err error) retry.Class {
	if err != nil {
		return retry.Error(err)
	}
	c := retry.Status(resp.StatusCode)
	if c == retry.Refresh {
		// The auth layer already refreshed once; a second 401 is final.
		return retry.Permanent
	}
	return c
}

func (t *retryTransport) wait(req *http.Request, resp *http.Response, attempt int) (time.Duration, error) {
	wait := t.policy.Backoff(attempt)
	if resp != nil {
		if ra, ok := retry.RetryAfter(resp.Header, t.now()); ok {
			if ra > t.policy.Cap {
				return 0, retry.Final(&RetryAfterError{Wait: ra, Cap: t.policy.Cap, URL: Redact(req.URL)})
			}
			wait = ra
		}
	}
	if !retry.BudgetFrom(req.Context()).Take(wait) {
		return 0, fmt.Errorf("%s %s: %w", req.Method, Redact(req.URL), retry.ErrBudgetExhausted)
	}
	return wait, nil
}

func (t *retryTransport) final(req *http.Request, resp *http.Response, err error, attempt int) error {
	if err != nil {
		if attempt > 0 {
			return fmt.Errorf("%s %s after %d attempts: %w", req.Method, Redact(req.URL), attempt+1, redactErr(err))
		}
		return fmt.Errorf("%s %s: %w", req.Method, Redact(req.URL), redactErr(err))
	}
	body, _ := io.ReadAll(resp.Body)
	se := &StatusError{Method: req.Method, URL: Redact(req.URL), Status: resp.StatusCode, Body: body, Header: resp.Header, scrub: t.scrub}
	if attempt > 0 {
		return fmt.Errorf("after %d attempts: %w", attempt+1, se)
	}
	return se
}

func cause(resp *http.Response, err error) string {
	if err != nil {
		return err.Error()
	}
	return resp.Status
}

func drain(resp *http.Response) {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
	resp.Body.Close()
}
