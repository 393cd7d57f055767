package salsify

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

// Answers to concurrent requests arrive in any order: an answer counted
// earlier by the server (a higher remaining) arriving last must not give
// back requests already sent, or partitions sharing the budget would draw
// 429s; the next window's answer does reset the count.
func TestPacerKeepsTheLowestCountOfAWindow(t *testing.T) {
	now := time.Date(2024, 5, 1, 10, 30, 0, 0, time.UTC)
	p := newPacer(Pacing{Now: func() time.Time { return now }})
	answer := func(remaining, reset int) http.Header {
		h := http.Header{}
		h.Set("X-Ratelimit-Limit", "1000") // low: 10
		h.Set("X-Ratelimit-Remaining", strconv.Itoa(remaining))
		h.Set("X-Ratelimit-Reset", strconv.Itoa(reset))
		return h
	}
	p.observe(answer(50, 1800))
	for range 3 { // three requests in flight
		if err := p.wait(t.Context()); err != nil {
			t.Fatal(err)
		}
	}
	p.observe(answer(47, 1800))
	p.observe(answer(49, 1800)) // the first of the three, answered last
	if p.remaining != 47 {
		t.Errorf("remaining %d after answers 47 then 49 of one window, want 47", p.remaining)
	}
	now = now.Add(30 * time.Minute)
	p.observe(answer(9999, 3600))
	if p.remaining != 9999 {
		t.Errorf("remaining %d after the next window's first answer, want 9999", p.remaining)
	}
}
