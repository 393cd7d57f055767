package salesforce

import (
	"net/http"
	"time"
)

// ServerTime is the server's own clock as its latest answer to this client
// gave it (the Date header, UTC, whole seconds); zero before any answer
// carried one. Bounds that must agree with the server's stamps (the
// deleted-records feed's window) are taken from it, never from the local
// clock, which may stand elsewhere.
func (c *Client) ServerTime() time.Time {
	c.servedMu.Lock()
	defer c.servedMu.Unlock()
	return c.served
}

// observeDate notes an answer's Date header; a missing or unreadable one,
// or one older than an answer already seen, changes nothing.
func (c *Client) observeDate(h http.Header) {
	if h == nil {
		return
	}
	t, err := http.ParseTime(h.Get("Date"))
	c.servedMu.Lock()
	defer c.servedMu.Unlock()
	if err == nil && t.After(c.served) {
		c.served = t.UTC()
	}
}
