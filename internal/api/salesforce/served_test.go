package salesforce

import (
	"net/http"
	"testing"
	"time"
)

// TestServerTimeFollowsDate: the client's server time is the latest Date
// header its answers carried; a missing, unreadable or older one changes
// nothing.
func TestServerTimeFollowsDate(t *testing.T) {
	c := &Client{}
	if !c.ServerTime().IsZero() {
		t.Fatal("a server time before any answer")
	}
	at := time.Date(2026, 1, 5, 7, 30, 12, 0, time.UTC)
	for _, h := range []http.Header{
		{"Date": {at.Format(http.TimeFormat)}},
		{"Date": {at.Add(-time.Hour).Format(http.TimeFormat)}},
		{"Date": {"yesterday"}},
		{},
		nil,
	} {
		c.observeDate(h)
	}
	if got := c.ServerTime(); !got.Equal(at) || got.Location() != time.UTC {
		t.Fatalf("server time %v; want %v", got, at)
	}
}
