package httpx

import (
	"fmt"
	"net/http"

	"github.com/stewardhq/steward/internal/retry"
)

// Rewind returns req ready to be sent again with a fresh body (a client
// that waits out a rate limit itself and sends the request once more).
// A body that cannot be read again is a final error naming the request.
func Rewind(req *http.Request) (*http.Request, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return req, nil
	}
	if req.GetBody == nil {
		return nil, retry.Final(fmt.Errorf("%s %s: the request body cannot be sent again", req.Method, RedactString(req.URL.String())))
	}
	body, err := req.GetBody()
	if err != nil {
		return nil, retry.Final(fmt.Errorf("%s %s: rewind the request body: %w", req.Method, RedactString(req.URL.String()), err))
	}
	r := req.Clone(req.Context())
	r.Body = body
	return r, nil
}
