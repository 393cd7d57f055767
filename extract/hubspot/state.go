package hubspot

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

// Links of a pass: a full pass follows the server's list links (plain
// URLs). An incremental pass is a chain of search requests, which are POSTs:
// its link is searchPrefix and the search state as JSON, holding the
// server's after cursor verbatim. Deletions are read last from the archived
// listing: archivedPrefix and the archived state.
const (
	searchPrefix   = "hubspot-search:"
	archivedPrefix = "hubspot-archived:"
)

// search is the position of an incremental pass.
type search struct {
	// From is the window's inclusive lower bound, Until the pass's exclusive
	// upper bound (zero: none).
	From  time.Time `json:"from"`
	Until time.Time `json:"until,omitzero"`
	// Since is the pass's lower bound, for its deletions.
	Since time.Time `json:"since,omitzero"`
	After string    `json:"after,omitempty"`
	Limit int       `json:"limit"`
	// Count is how many results the window has served so far.
	Count int `json:"count,omitempty"`
	// Tie is the latest change time delivered and Seen the keys delivered
	// with it: a new window starts at Tie and drops them.
	Tie  time.Time `json:"tie,omitzero"`
	Seen []string  `json:"seen,omitempty"`
}

// archived is the position in the archived listing.
type archived struct {
	URL   string    `json:"url"`
	Since time.Time `json:"since"`
}

func (s search) link() string {
	b, _ := json.Marshal(s)
	return searchPrefix + string(b)
}

func (a archived) link() string {
	b, _ := json.Marshal(a)
	return archivedPrefix + string(b)
}

func parseSearch(link string) (search, error) {
	var s search
	if err := json.Unmarshal([]byte(strings.TrimPrefix(link, searchPrefix)), &s); err != nil {
		return s, fmt.Errorf("read search position %.80q: %w", link, err)
	}
	return s, nil
}

func parseArchived(link string) (archived, error) {
	var a archived
	if err := json.Unmarshal([]byte(strings.TrimPrefix(link, archivedPrefix)), &a); err != nil {
		return a, fmt.Errorf("read archived position %.80q: %w", link, err)
	}
	return a, nil
}

// seen reports whether key was delivered at t.
func (s search) seen(key string, t time.Time) bool {
	return t.Equal(s.Tie) && slices.Contains(s.Seen, key)
}

// deliver notes key delivered at t (results come sorted by change time).
func (s *search) deliver(key string, t time.Time) {
	switch {
	case t.After(s.Tie):
		s.Tie, s.Seen = t, []string{key}
	case t.Equal(s.Tie):
		s.Seen = append(s.Seen, key)
	}
}

var limitRE = regexp.MustCompile(`([?&]limit=)([0-9]+)`)
