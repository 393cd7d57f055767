package httpx

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/retry"
)

// Rewind gives a request its body again, and refuses one whose body
// cannot be read twice with a final error naming the request.
func TestRewind(t *testing.T) {
	req, _ := http.NewRequest(http.MethodPost, "https://api.example.com/search", strings.NewReader(`{"q":1}`))
	_, _ = io.ReadAll(req.Body)
	again, err := Rewind(req)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := io.ReadAll(again.Body); string(b) != `{"q":1}` {
		t.Fatalf("body after rewind %q", b)
	}
	req.GetBody = nil
	if _, err := Rewind(req); err == nil || !errors.As(err, new(*retry.PermanentError)) || !strings.Contains(err.Error(), "POST https://api.example.com/search") {
		t.Fatalf("err %v; want a final error naming the request", err)
	}
}
