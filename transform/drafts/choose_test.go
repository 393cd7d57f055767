package drafts

import (
	"testing"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/httpx"
)

// TestNewGenerator: the template, without any HTTP client, unless the
// drafts section names openai (that path runs in cmd/steward's generator tests).
func TestNewGenerator(t *testing.T) {
	noClient := func(string) (*httpx.Client, error) {
		t.Fatal("the template asked for an HTTP client")
		return nil, nil
	}
	g, n, err := NewGenerator(&config.DraftSpec{}, &config.File{}, noClient)
	if err != nil || g.Name() != "template" || n != 1 {
		t.Errorf("no generator named: %v %d %v", g, n, err)
	}
}
