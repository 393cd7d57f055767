package drafts

import (
	"context"
	"fmt"
	"strings"
)

// Request is what a generator writes a draft from.
type Request struct {
	Facts           Facts
	Locale, Channel string
}

// Generator writes description drafts.
type Generator interface {
	// Generate returns a plain-text draft. Errors are per product: the caller
	// marks that product "needs a human" and goes on.
	Generate(ctx context.Context, r Request) (string, error)
	Name() string
	Model() string
	PromptVersion() string
}

// Template writes deterministic drafts from per-locale templates, without an LLM.
type Template struct{}

// Name implements Generator.
func (Template) Name() string { return "template" }

// Model implements Generator.
func (Template) Model() string { return "builtin" }

// PromptVersion implements Generator.
func (Template) PromptVersion() string { return "template-v1" }

var templates = map[string]struct{ intro, color, weight string }{
	"en": {"%s is part of our %s range.", " It comes in %s.", " It weighs %s %s."},
	"de": {"%s gehört zu unserem Sortiment %s.", " Farbe: %s.", " Gewicht: %s %s."},
	"fr": {"%s fait partie de notre gamme %s.", " Couleur : %s.", " Poids : %s %s."},
}

// Generate implements Generator.
func (Template) Generate(_ context.Context, r Request) (string, error) {
	lang, _, _ := strings.Cut(r.Locale, "_")
	t, ok := templates[lang]
	if !ok {
		t = templates["en"]
	}
	f := r.Facts
	name := f["name"]
	if name == "" {
		name = f["sku"]
	}
	if name == "" {
		return "", fmt.Errorf("no name or SKU to describe")
	}
	out := fmt.Sprintf(t.intro, name, f["family"])
	if c := f["color"]; c != "" {
		out += fmt.Sprintf(t.color, c)
	}
	if w, sym := f["weight"], f["weight_symbol"]; w != "" && sym != "" {
		out += fmt.Sprintf(t.weight, w, sym)
	}
	return out, nil
}
