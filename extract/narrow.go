package extract

import (
	"errors"
	"fmt"

	"github.com/stewardhq/steward/internal/record"
)

// Narrowing isolates a poisoned record in paging whose links name their page
// size. When a page cannot be decoded, Pages asks for the same stretch in
// pages half the size, down to one record; the one-record page that still
// cannot be decoded is salvaged into quarantined raw bytes and the next link,
// and the pass goes on. Pages then double again up to PageSize.
type Narrowing struct {
	// PageSize is the pass's regular page size.
	PageSize int
	// Size returns the page size link asks for.
	Size func(link string) int
	// Resize returns link asking for the same stretch in pages of n records,
	// leaving the server's cursor untouched.
	Resize func(link string, n int) (string, error)
	// Salvage turns the error of a one-record page that could not be decoded
	// (wrapping ErrUndecodablePage) into its quarantined items and next link.
	Salvage func(err error) (bad []record.Quarantined, next string, serr error)
}

// errNarrowed tells Pages to continue at the returned link without yielding.
var errNarrowed = errors.New("page narrowed")

// narrow handles an undecodable page at link: a smaller page of the same
// stretch to try next, or at one record the salvaged page.
func (n *Narrowing) narrow(link string, cause error) ([]record.Record, []record.Quarantined, string, error) {
	if size := n.Size(link); size > 1 {
		smaller, err := n.Resize(link, size/2)
		if err != nil {
			return nil, nil, "", fmt.Errorf("narrow page: %w (after %w)", err, cause)
		}
		return nil, nil, smaller, errNarrowed
	}
	bad, next, err := n.Salvage(cause)
	if err != nil {
		return nil, nil, "", fmt.Errorf("%w; isolate the bad record: %w", cause, err)
	}
	return nil, bad, next, nil
}
