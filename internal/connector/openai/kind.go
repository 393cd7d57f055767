// Package openai registers OpenAI-compatible chat completions servers (the
// LLM behind description drafts) as a connector kind: its settings, its
// connection probe and the sandbox model.
package openai

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/stewardhq/steward/internal/connector"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/sandbox"
	"github.com/stewardhq/steward/internal/sandbox/catalog"
	"github.com/stewardhq/steward/internal/sandbox/llm"
	"github.com/stewardhq/steward/transform/drafts"
)

// Kind is the OpenAI-compatible kind, registered by cmd's wiring.
func Kind() connector.Kind {
	return connector.Kind{
		Name:     "openai",
		HTTP:     true,
		Decode:   connector.Decoder(drafts.DecodeLLMSettings),
		Probe:    probe,
		Emulator: func(c *catalog.Catalog) sandbox.Emulator { return llm.Sandbox(c) },
	}
}

// probe lists the served models and looks for the configured one.
func probe(ctx context.Context, settings any, h *httpx.Client) (string, error) {
	s, err := connector.SettingsOf[drafts.LLMSettings](settings, "openai probe", h.Name())
	if err != nil {
		return "", err
	}
	var list struct {
		Data []struct {
			ID string `json:"id"`
		} `json:"data"`
	}
	if _, err := h.GetJSON(ctx, h.URL("/models", nil), nil, &list); err != nil {
		return "", fmt.Errorf("list models: %w", err)
	}
	ids := make([]string, len(list.Data))
	for i, m := range list.Data {
		ids[i] = m.ID
	}
	if !slices.Contains(ids, s.Model) {
		return "", fmt.Errorf("model %q is not among the %d models the server lists (%s)", s.Model, len(ids), strings.Join(ids[:min(5, len(ids))], ", "))
	}
	return fmt.Sprintf("GET /models answered, model %s is served", s.Model), nil
}
