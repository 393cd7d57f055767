package hubspot

import (
	"encoding/json"
	"fmt"
	"regexp"
	"slices"
	"strconv"
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
	// ByKey pages through the objects changed at From (a tie fuller than a
	// page) by id: those with an id above Key ("" at the start), sorted by
	// id, so that an object leaving the tie between pages shifts no other.
	ByKey bool   `json:"by_key,omitempty"`
	Key   string `json:"key,omitempty"`
	// Listed is when the archived listing was last read to its end (from
	// the cursor's State; zero: never).
	Listed time.Time `json:"listed,omitzero"`
}

// archived is the position in the archived listing.
type archived struct {
	URL   string    `json:"url"`
	Since time.Time `json:"since"`
	// At is when this listing began: the State's Listed once it ends.
	At time.Time `json:"at,omitzero"`
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

// deliver notes key delivered at t (results come sorted by change time, or
// by id when paging through a tie).
func (s *search) deliver(key string, t time.Time) {
	switch {
	case s.ByKey:
		if idAfter(key, s.Key) {
			s.Key = key
		}
	case t.After(s.Tie):
		s.Tie, s.Seen = t, []string{key}
	case t.Equal(s.Tie) && !slices.Contains(s.Seen, key):
		s.Seen = append(s.Seen, key)
	}
}

var limitRE = regexp.MustCompile(`([?&]limit=)([0-9]+)`)

// idAfter reports whether object id a comes after b ("" comes first):
// HubSpot ids are numbers and compare as numbers.
func idAfter(a, b string) bool {
	x, errA := strconv.ParseUint(a, 10, 64)
	y, errB := strconv.ParseUint(b, 10, 64)
	switch {
	case b == "":
		return a != ""
	case errA == nil && errB == nil:
		return x > y
	}
	return len(a) > len(b) || len(a) == len(b) && a > b
}
