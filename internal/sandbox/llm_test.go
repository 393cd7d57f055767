package sandbox

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/openai/openai-go"
	"github.com/openai/openai-go/option"

	"github.com/stewardhq/steward/internal/sandbox/catalog"
	"github.com/stewardhq/steward/internal/sandbox/fault"
	"github.com/stewardhq/steward/internal/sandbox/llm"
)

func startLLM(t *testing.T) (*Sandbox, openai.Client) {
	t.Helper()
	sb, err := Start(Options{Products: 5, Seed: 1, Emulators: []Factory{func(c *catalog.Catalog) Emulator { return llm.Sandbox(c) }}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(t.Context()), 5*time.Second)
		defer cancel()
		_ = sb.Close(ctx)
	})
	c := openai.NewClient(option.WithBaseURL(sb.URL(llm.Name)+"/v1/"), option.WithAPIKey(llm.SandboxKey), option.WithMaxRetries(0))
	return sb, c
}

func chatParams() openai.ChatCompletionNewParams {
	return openai.ChatCompletionNewParams{Model: llm.Model, Messages: []openai.ChatCompletionMessageParamUnion{openai.UserMessage("hello")}}
}

// TestSandboxModelErrorsAreOpenAIShaped: the sandbox model's fault answers
// (429 storms, 5xx bursts) carry OpenAI's error body and rate-limit headers,
// as read by OpenAI's own Go client (issue 6 #19; PROTOCOLS.md §10.4).
func TestSandboxModelErrorsAreOpenAIShaped(t *testing.T) {
	sb, c := startLLM(t)
	cases := []struct {
		set        *fault.Set
		status     int
		typ, code  string
		retryAfter string
	}{
		{&fault.Set{Storm429: 1, RetryAfter: "3"}, http.StatusTooManyRequests, "requests", "rate_limit_exceeded", "3"},
		{&fault.Set{Burst5xx: 1, Status5xx: http.StatusServiceUnavailable}, http.StatusServiceUnavailable, "server_error", "", ""},
	}
	for _, tc := range cases {
		sb.Faults(llm.Name).Update(tc.set)
		_, err := c.Chat.Completions.New(t.Context(), chatParams())
		var ae *openai.Error
		if !errors.As(err, &ae) {
			t.Fatalf("status %d: err %v; want an *openai.Error", tc.status, err)
		}
		if ae.StatusCode != tc.status || ae.Message == "" || ae.Type != tc.typ || ae.Code != tc.code ||
			ae.JSON.Param.Raw() == "" || ae.JSON.Code.Raw() == "" {
			t.Errorf("status %d: got %d message %q type %q code %q (param present %v, code present %v); want OpenAI's error body",
				tc.status, ae.StatusCode, ae.Message, ae.Type, ae.Code, ae.JSON.Param.Raw() != "", ae.JSON.Code.Raw() != "")
		}
		h := ae.Response.Header
		if h.Get("Retry-After") != tc.retryAfter || h.Get("x-request-id") == "" {
			t.Errorf("status %d: Retry-After %q, x-request-id %q", tc.status, h.Get("Retry-After"), h.Get("x-request-id"))
		}
		if tc.status == http.StatusTooManyRequests && (h.Get("x-ratelimit-remaining-requests") != "0" ||
			h.Get("x-ratelimit-limit-requests") == "" || h.Get("x-ratelimit-reset-requests") == "" || h.Get("x-ratelimit-reset-tokens") == "") {
			t.Errorf("429 without OpenAI's x-ratelimit-* headers: %v", h)
		}
	}
	resp, err := c.Chat.Completions.New(t.Context(), chatParams())
	if err != nil || len(resp.Choices) != 1 {
		t.Fatalf("after the faults: %v", err)
	}
}

// TestSandboxModelRefusesStreaming: stream:true is answered 400 with an OpenAI
// error, never with a plain JSON body the client would read as an empty stream.
func TestSandboxModelRefusesStreaming(t *testing.T) {
	_, c := startLLM(t)
	stream := c.Chat.Completions.NewStreaming(t.Context(), chatParams())
	defer stream.Close()
	chunks := 0
	for stream.Next() {
		chunks++
	}
	var ae *openai.Error
	if err := stream.Err(); !errors.As(err, &ae) || ae.StatusCode != http.StatusBadRequest || ae.Param != "stream" || ae.Type != "invalid_request_error" {
		t.Fatalf("stream:true gave %d chunks and err %v; want a 400 invalid_request_error on param stream", chunks, err)
	}
}
