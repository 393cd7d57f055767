package route

import (
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/stewardhq/steward/internal/sandbox/llm"
	"github.com/stewardhq/steward/transform/drafts"
)

// TestOpenAIChooserWithTheSandboxModel: the router's prompt through the
// OpenAI client reaches the sandbox model's closed-answer mode, and its
// answer routes the lead described by a paraphrase.
func TestOpenAIChooserWithTheSandboxModel(t *testing.T) {
	srv := httptest.NewServer(&llm.Server{})
	defer srv.Close()
	c := NewOpenAI(srv.URL+"/v1", srv.Client(), drafts.LLMSettings{Model: llm.Model})
	r := newRouter(c)
	o := route(t, r, lead("1", "DE", "Do you still sell that black shirt (Classic range, 0.410 kg)? We'd need about 30."))
	if o.Owner != "rep1@example.com" || !slices.Equal(o.Matched, []string{"SKU-0000002"}) || o.Model != Version+" + "+llm.Model+" "+ChoosePromptVersion {
		t.Fatalf("want SKU-0000002 to rep1 with the model named, got %s matched %v model %q", describe(o), o.Matched, o.Model)
	}
	o = route(t, r, lead("2", "DE", "A black Classic shirt please, whichever."))
	if o.Escalate != ReasonAmbiguousProduct || o.Analysis.LLMAnswer == nil || *o.Analysis.LLMAnswer != None {
		t.Errorf("a tie: want the model's NONE escalated, got %s", describe(o))
	}
}
