package drafts

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/retry"
	"github.com/stewardhq/steward/internal/sandbox/llm"
)

// stackGenerator builds the generator on the production HTTP stack (retry,
// host guard) for base, recording the waits instead of sleeping.
func stackGenerator(t *testing.T, base string) (*OpenAI, *[]time.Duration) {
	t.Helper()
	n := 3
	sys := config.System{BaseURL: base, AllowInsecureLoopback: true,
		Auth:     config.Auth{Type: config.AuthBearer, Token: config.NewSecret(llmTestKey)},
		Retry:    config.Retry{MaxRetries: &n, BaseDelay: config.Duration(time.Second), MaxDelay: config.Duration(time.Minute)},
		Timeouts: config.Timeouts{Request: config.Duration(5 * time.Second), Connect: config.Duration(time.Second)},
		TLS:      config.TLS{MinVersion: "1.2"}}
	var waits []time.Duration
	sleep := func(ctx context.Context, d time.Duration) error { waits = append(waits, d); return ctx.Err() }
	c, err := httpx.New("llm", sys, zerolog.Nop(), httpx.Options{Sleep: sleep})
	if err != nil {
		t.Fatal(err)
	}
	return NewOpenAI(base, c.HTTPClient(), LLMSettings{Model: llm.Model, MaxTokens: 100, Concurrency: 1, Timeout: config.Duration(time.Minute)}), &waits
}

const llmTestKey = "llm-test-key"

// flaky answers the first n calls with status (and Retry-After "2" on 429),
// then lets the sandbox model answer.
func flaky(n int32, status int, calls *atomic.Int32) http.Handler {
	model := &llm.Server{Token: llmTestKey}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= n {
			if status == http.StatusTooManyRequests {
				w.Header().Set("Retry-After", "2")
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			_, _ = w.Write([]byte(`{"error":{"message":"slow down","type":"requests","param":null,"code":"rate_limit_exceeded"}}`))
			return
		}
		model.ServeHTTP(w, r)
	})
}

// TestOpenAIRetries429And5xx: a draft call is idempotent by its input hash, so
// a 429 with Retry-After and a 5xx are retried by the HTTP stack (issue 6 #15).
func TestOpenAIRetries429And5xx(t *testing.T) {
	for _, status := range []int{http.StatusTooManyRequests, http.StatusServiceUnavailable} {
		var calls atomic.Int32
		srv := httptest.NewServer(flaky(2, status, &calls))
		g, waits := stackGenerator(t, srv.URL+"/v1")
		text, err := g.Generate(t.Context(), Request{Facts: facts(), Locale: "en_US"})
		srv.Close()
		if err != nil || text == "" {
			t.Fatalf("status %d twice: err %v after %d calls; want a draft on the third", status, err, calls.Load())
		}
		if calls.Load() != 3 || len(*waits) != 2 {
			t.Errorf("status %d: %d calls, waits %v; want 3 calls and 2 waits", status, calls.Load(), *waits)
		}
		if status == http.StatusTooManyRequests && (*waits)[0] != 2*time.Second {
			t.Errorf("Retry-After 2 not honoured: waits %v", *waits)
		}
	}
}

// TestOpenAIRetriesSpendRunBudget: the retries come out of the run's budget
// like every other system's.
func TestOpenAIRetriesSpendRunBudget(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(flaky(10, http.StatusTooManyRequests, &calls))
	defer srv.Close()
	g, _ := stackGenerator(t, srv.URL+"/v1")
	ctx := retry.WithBudget(t.Context(), retry.NewBudget(3*time.Second))
	_, err := g.Generate(ctx, Request{Facts: facts(), Locale: "en_US"})
	if !errors.Is(err, retry.ErrBudgetExhausted) || calls.Load() != 2 {
		t.Fatalf("err %v after %d calls; want ErrBudgetExhausted after 2 (one 2 s wait fits in 3 s)", err, calls.Load())
	}
}

// TestOpenAIHostRefusalIsFinal: a redirect to another host is refused once,
// never retried, and keeps its type through the generator's wrapping (issue 6
// #39).
func TestOpenAIHostRefusalIsFinal(t *testing.T) {
	var foreignHits, calls atomic.Int32
	foreign := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { foreignHits.Add(1) }))
	defer foreign.Close()
	for _, status := range []int{http.StatusFound, http.StatusTemporaryRedirect} {
		calls.Store(0)
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			calls.Add(1)
			http.Redirect(w, r, foreign.URL+"/v1/chat/completions", status)
		}))
		g, waits := stackGenerator(t, srv.URL+"/v1")
		_, err := g.Generate(t.Context(), Request{Facts: facts(), Locale: "en_US"})
		srv.Close()
		var fe *httpx.ForeignHostError
		if !errors.As(err, &fe) || !httpx.IsHostRefusal(err) || retry.Error(err) != retry.Permanent {
			t.Fatalf("redirect %d: err %v (class %v); want a permanent ForeignHostError", status, err, retry.Error(err))
		}
		if calls.Load() != 1 || foreignHits.Load() != 0 || len(*waits) != 0 {
			t.Errorf("redirect %d: %d calls, %d foreign hits, waits %v; want exactly one attempt", status, calls.Load(), foreignHits.Load(), *waits)
		}
	}
}

// TestOpenAITimeoutBoundsEachAttempt: the settings' timeout bounds one
// attempt; a stalled attempt is retried instead of ending the whole call.
// The timeout (1 s) leaves the second attempt time to be answered on a
// loaded machine, and is still well below the stall's 5 s.
func TestOpenAITimeoutBoundsEachAttempt(t *testing.T) {
	var calls atomic.Int32
	model := &llm.Server{Token: llmTestKey}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) == 1 {
			_, _ = io.Copy(io.Discard, r.Body) // lets the server notice the client leaving
			select {                           // stall until the client gives up on this attempt
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
			return
		}
		model.ServeHTTP(w, r)
	}))
	defer srv.Close()
	g, waits := stackGenerator(t, srv.URL+"/v1")
	g.settings.Timeout = config.Duration(time.Second)
	text, err := g.Generate(t.Context(), Request{Facts: facts(), Locale: "en_US"})
	if err != nil || text == "" || calls.Load() != 2 || len(*waits) != 1 {
		t.Fatalf("after a stalled attempt: err %v, %d calls, waits %v; want a draft on the second call", err, calls.Load(), *waits)
	}
}

// TestOpenAIQuotaExhaustedIsFinal: a 429 insufficient_quota is not a rate
// limit; no wait cures it, so it is not retried.
func TestOpenAIQuotaExhaustedIsFinal(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusTooManyRequests)
		_, _ = w.Write([]byte(`{"error":{"message":"You exceeded your current quota.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}`))
	}))
	defer srv.Close()
	g, waits := stackGenerator(t, srv.URL+"/v1")
	_, err := g.Generate(t.Context(), Request{Facts: facts(), Locale: "en_US"})
	var se *httpx.StatusError
	if !errors.As(err, &se) || se.Status != http.StatusTooManyRequests || calls.Load() != 1 || len(*waits) != 0 {
		t.Fatalf("err %v after %d calls, waits %v; want the 429 after one call", err, calls.Load(), *waits)
	}
}

// TestOpenAIEmptyAnswerIsAFailedGeneration: an empty completion (a content
// filter, a model that said nothing) is an error, so the product is drafted
// again by a later run instead of being stored as a flagged empty draft.
func TestOpenAIEmptyAnswerIsAFailedGeneration(t *testing.T) {
	for _, finish := range []string{"stop", "content_filter"} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"id":"x","object":"chat.completion","created":1,"model":"m","choices":[{"index":0,` +
				`"message":{"role":"assistant","content":"  "},"finish_reason":"` + finish + `"}]}`))
		}))
		g, _ := stackGenerator(t, srv.URL+"/v1")
		text, err := g.Generate(t.Context(), Request{Facts: facts(), Locale: "en_US"})
		srv.Close()
		if err == nil || text != "" {
			t.Errorf("finish %s with empty content: %q, %v; want an error", finish, text, err)
		}
	}
}
