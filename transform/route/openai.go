package route

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/openai/openai-go"
	"github.com/openai/openai-go/option"

	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/transform/drafts"
)

// OpenAI is a Chooser calling an OpenAI-compatible chat completions API
// (a system of kind openai).
type OpenAI struct {
	client   openai.Client
	settings drafts.LLMSettings
}

// NewOpenAI builds the chooser on a ready HTTP client (auth, retries, rate
// limit and host guard come from it) for the system's base URL; the SDK's
// own retries stay off, as for drafts.
func NewOpenAI(baseURL string, hc *http.Client, s drafts.LLMSettings) *OpenAI {
	c := openai.NewClient(option.WithBaseURL(strings.TrimRight(baseURL, "/")+"/"), option.WithHTTPClient(hc),
		option.WithAPIKey("unused"), option.WithMaxRetries(0))
	return &OpenAI{client: c, settings: s}
}

// Model implements Chooser: the model and the prompt version.
func (o *OpenAI) Model() string { return o.settings.Model + " " + ChoosePromptVersion }

// Choose implements Chooser. A choice only reads, so the call is idempotent
// for the HTTP stack's retries.
func (o *OpenAI) Choose(ctx context.Context, prompt string) (string, error) {
	ctx = httpx.Idempotent(ctx)
	if d := o.settings.Timeout.Std(); d > 0 {
		ctx = httpx.WithAttemptTimeout(ctx, d)
	}
	resp, err := o.client.Chat.Completions.New(ctx, openai.ChatCompletionNewParams{
		Model:       o.settings.Model,
		Messages:    []openai.ChatCompletionMessageParamUnion{openai.SystemMessage(ChooseSystemPrompt), openai.UserMessage(prompt)},
		Temperature: openai.Float(0),
		MaxTokens:   openai.Int(20),
	})
	if err != nil {
		return "", fmt.Errorf("chat completion choosing a product: %w", err)
	}
	if len(resp.Choices) == 0 {
		return "", fmt.Errorf("chat completion choosing a product: no choices in the answer")
	}
	return resp.Choices[0].Message.Content, nil
}
