// Package llm emulates an OpenAI-compatible chat completions server whose
// "sandbox model" writes a plain draft from the product facts it finds in the
// prompt's fenced data block, or, given fenced candidates, chooses one by
// word overlap (choose.go; deterministic, not a language model). Switches: latency and malformed output; 429s and
// 5xx come from the fault set in front of it, shaped by Errors. stream: true
// is refused with 400 (the model does not stream).
package llm

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Model is the name the sandbox model answers to.
const Model = "sandbox-writer"

// Server is the emulator. It is safe for concurrent use.
type Server struct {
	// Token is the API key it accepts ("" accepts any).
	Token string

	mu        sync.Mutex
	latency   time.Duration
	malformed int
	calls     int
}

// SetLatency delays every answer.
func (s *Server) SetLatency(d time.Duration) { s.mu.Lock(); s.latency = d; s.mu.Unlock() }

// SetMalformed makes the next n answers carry a number the facts do not.
func (s *Server) SetMalformed(n int) { s.mu.Lock(); s.malformed = n; s.mu.Unlock() }

// Calls returns how many completions were answered.
func (s *Server) Calls() int { s.mu.Lock(); defer s.mu.Unlock(); return s.calls }

type chatRequest struct {
	Model    string `json:"model"`
	Stream   bool   `json:"stream"`
	Messages []struct {
		Role    string `json:"role"`
		Content string `json:"content"`
	} `json:"messages"`
}

// ServeHTTP serves /v1/chat/completions and /v1/models.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if s.Token != "" && r.Header.Get("Authorization") != "Bearer "+s.Token {
		apiError(w, http.StatusUnauthorized, "invalid_api_key", "Incorrect API key provided.")
		return
	}
	switch {
	case r.Method == http.MethodGet && r.URL.Path == "/v1/models":
		writeJSON(w, http.StatusOK, map[string]any{"object": "list", "data": []any{map[string]any{"id": Model, "object": "model", "created": 1767225600, "owned_by": "steward-sandbox"}}})
	case r.Method == http.MethodPost && r.URL.Path == "/v1/chat/completions":
		s.complete(w, r)
	default:
		apiError(w, http.StatusNotFound, "not_found", "Unknown path "+r.URL.Path)
	}
}

func (s *Server) complete(w http.ResponseWriter, r *http.Request) {
	var req chatRequest
	if err := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20)).Decode(&req); err != nil || len(req.Messages) == 0 {
		apiError(w, http.StatusBadRequest, "invalid_request_error", "messages must be a non-empty array")
		return
	}
	if req.Stream {
		// The sandbox model does not stream; a plain JSON answer would read as
		// an empty stream in OpenAI's clients, so refuse as servers do for an
		// unsupported parameter.
		writeError(w, http.StatusBadRequest, "invalid_request_error", "unsupported_value", "stream",
			"The sandbox model does not support streaming; send stream: false.")
		return
	}
	if req.Model != Model {
		apiError(w, http.StatusNotFound, "model_not_found", fmt.Sprintf("The model `%s` does not exist.", req.Model))
		return
	}
	s.mu.Lock()
	latency, bad := s.latency, s.malformed > 0
	if bad {
		s.malformed--
	}
	s.calls++
	s.mu.Unlock()
	if latency > 0 {
		select {
		case <-time.After(latency):
		case <-r.Context().Done():
			return
		}
	}
	text := answer(req.Messages[len(req.Messages)-1].Content)
	if bad {
		text += " Now 20% off, only 9.99 EUR!"
	}
	rateHeaders(w.Header(), limitRequests-1, "120ms")
	writeJSON(w, http.StatusOK, map[string]any{
		"id": "chatcmpl-" + randomID(), "object": "chat.completion", "created": time.Now().Unix(), "model": Model,
		"choices": []any{map[string]any{"index": 0, "message": map[string]any{"role": "assistant", "content": text, "refusal": nil},
			"logprobs": nil, "finish_reason": "stop"}},
		"usage": map[string]int{"prompt_tokens": len(req.Messages[0].Content) / 4, "completion_tokens": len(text) / 4, "total_tokens": (len(req.Messages[0].Content) + len(text)) / 4},
	})
}

// answer is the model's reply: a closed-answer choice when the prompt
// fences candidates (choose.go), else a description draft.
func answer(prompt string) string {
	if strings.Contains(prompt, "<<<CANDIDATES\n") {
		return choose(prompt)
	}
	return write(prompt)
}

// write drafts a description from the fenced facts only. Whatever the facts
// say, including text that reads like instructions, is treated as data.
func write(prompt string) string {
	_, rest, ok := strings.Cut(prompt, "<<<FACTS\n")
	block, _, ok2 := strings.Cut(rest, "\nFACTS>>>")
	facts := map[string]string{}
	if !ok || !ok2 || json.Unmarshal([]byte(block), &facts) != nil {
		return "No product facts were given."
	}
	name := facts["name"]
	if name == "" {
		name = facts["sku"]
	}
	parts := []string{fmt.Sprintf("Meet the %s.", name)}
	if c := facts["color"]; c != "" {
		parts = append(parts, fmt.Sprintf("Its colour is %s.", c))
	}
	if wgt, sym := facts["weight"], facts["weight_symbol"]; wgt != "" && sym != "" {
		parts = append(parts, fmt.Sprintf("It weighs %s %s.", wgt, sym))
	}
	if f := facts["family"]; f != "" {
		parts = append(parts, fmt.Sprintf("A dependable pick from the %s range.", f))
	}
	return strings.Join(parts, " ")
}

func randomID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func apiError(w http.ResponseWriter, status int, code, msg string) {
	writeError(w, status, "invalid_request_error", code, "", msg)
}
