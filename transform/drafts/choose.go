package drafts

import (
	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/httpx"
)

// GeneratorTemplate and GeneratorOpenAI are the generators a drafts section
// may name; any other name (or none) is the template.
const (
	GeneratorTemplate = "template"
	GeneratorOpenAI   = "openai"
)

// NewGenerator builds the generator spec names and how many drafts it may
// write at once: the template, one at a time, unless spec names openai; then
// an OpenAI-compatible client of the system spec.LLM, reached through the
// HTTP client that client returns for it (with its auth and host guard), at
// the concurrency of that system's settings.
func NewGenerator(spec *config.DraftSpec, f *config.File, client func(system string) (*httpx.Client, error)) (Generator, int, error) {
	if spec.Generator != GeneratorOpenAI {
		return Template{}, 1, nil
	}
	s, ps := DecodeLLMSettings(f, spec.LLM)
	if len(ps) > 0 {
		return nil, 0, ps
	}
	c, err := client(spec.LLM)
	if err != nil {
		return nil, 0, err
	}
	return NewOpenAI(f.Systems[spec.LLM].BaseURL, c.HTTPClient(), s), s.Concurrency, nil
}
