package akeneo

import "context"

// GetBody fetches one listing page like Get but returns its raw body and
// where it came from (the URL without credentials), for callers that decode
// it later with DecodeListing, such as one that must free a call as soon as
// the answer has arrived.
func (c *Client) GetBody(ctx context.Context, link string) (body []byte, where string, err error) {
	abs, err := c.h.Resolve(link)
	if err != nil {
		return nil, "", err
	}
	return c.readPage(ctx, abs)
}

// DecodeListing decodes a listing page's body as Get does.
func DecodeListing(body []byte, where string) (Page, error) { return decodePage(body, where) }
