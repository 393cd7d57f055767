package akeneo

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/internal/retry"
)

func nopCloser(b []byte) io.ReadCloser { return io.NopCloser(bytes.NewReader(b)) }

func asStatus(err error) (*httpx.StatusError, bool) {
	var se *httpx.StatusError
	return se, errors.As(err, &se)
}

// errStatus keeps the retry class of an error status once it is re-described.
func errStatus(code int) error {
	err := fmt.Errorf("status %d", code)
	if retry.Status(code) == retry.Retryable {
		return retry.Transient(err)
	}
	return retry.Final(err)
}
