package pimcore

import (
	"context"
	"fmt"

	"github.com/stewardhq/steward/extract"
	"github.com/stewardhq/steward/internal/record"
)

// ReadPage decodes body as the answer to the page at link and maps it, as
// a page fetch does once the answer has arrived.
func ReadPage(ctx context.Context, x extract.Extractor, link string, body []byte) ([]record.Record, []record.Quarantined, string, error) {
	pos, err := parsePosition(link)
	if err != nil {
		return nil, nil, "", err
	}
	return x.(*Extractor).read(ctx, pos, body)
}

// PageNodes decodes body as the answer to a page and returns its
// totalCount and node count, or the error a page fetch would wrap.
func PageNodes(x extract.Extractor, body []byte) (int, int, error) {
	l, err := x.(*Extractor).listing(body)
	if err != nil {
		return 0, 0, fmt.Errorf("decode page: %w", err)
	}
	return l.TotalCount, len(l.Nodes), nil
}
