package transform

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"slices"

	"github.com/stewardhq/steward/internal/store"
)

// CrosswalkStore is the part of the state identity resolution reads: the
// crosswalk rows of native records, and the records carrying a match key value.
type CrosswalkStore interface {
	// Links returns the crosswalk rows of nativeIDs of one system, by native id.
	Links(ctx context.Context, system, dataType string, nativeIDs []string) (map[string]store.Link, error)
	// LinksOf returns the native records of one canonical entity.
	LinksOf(ctx context.Context, dataType, canonicalID string) ([]store.Link, error)
	// MatchCandidates returns the crosswalked records carrying value under key.
	MatchCandidates(ctx context.Context, dataType, key, value string) ([]store.Link, error)
}

// Identity is the outcome of resolving one record through the crosswalk.
type Identity struct {
	// CanonicalID is the record's canonical entity; "" when ambiguous.
	CanonicalID string
	// New says the record matched nothing and got a new canonical id.
	New bool
	// Ambiguous lists the records of other systems the record matched, under
	// MatchKey = MatchValue, when they are more than one entity: steward does
	// not guess, the record escalates.
	Ambiguous  []store.Link
	MatchKey   string
	MatchValue string
}

// Crosswalk resolves the identity of the records of one system and data type,
// page by page: Load the page's native ids, Resolve each record, then commit
// Links with the page. It is not safe for concurrent use.
type Crosswalk struct {
	store    CrosswalkStore
	dataType string
	system   string
	keys     []string
	newID    func() string
	known    map[string]store.Link
	pending  []store.Link
	// Report counts what resolution found, over every page.
	Report MatchReport
}

// NewCrosswalk returns a resolver for records of dt read from system, trying
// keys in order (the data type's match keys when keys is empty). A key the
// data type does not carry is an error. newID makes canonical ids (random
// when nil).
func NewCrosswalk(st CrosswalkStore, dt DataType, system string, keys []string, newID func() string) (*Crosswalk, error) {
	if len(keys) == 0 {
		keys = dt.MatchKeyList()
	}
	for _, k := range keys {
		if !slices.Contains(dt.MatchKeyList(), k) {
			return nil, fmt.Errorf("match key %q is not one of data type %s's: %v", k, dt.Name, dt.MatchKeyList())
		}
	}
	if newID == nil {
		newID = randomID
	}
	return &Crosswalk{store: st, dataType: dt.Name, system: system, keys: keys, newID: newID, known: map[string]store.Link{}}, nil
}

// randomID returns a random 128-bit canonical id in hex.
func randomID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24)
	return hex.EncodeToString(b[:])
}

// Load reads the crosswalk rows of a page's native ids in one query and
// starts a new page: Links returns only what this page adds.
func (c *Crosswalk) Load(ctx context.Context, nativeIDs []string) error {
	known, err := c.store.Links(ctx, c.system, c.dataType, nativeIDs)
	if err != nil {
		return err
	}
	c.known, c.pending = known, nil
	return nil
}

// Links returns the crosswalk rows the records resolved since Load add or
// refresh (their match keys), to be committed with the page.
func (c *Crosswalk) Links() []store.Link { return c.pending }

// Resolve finds the canonical entity of the record nativeID carrying keys.
// A record already crosswalked keeps its entity. Otherwise each match key is
// tried in order against the records of other systems: one entity matched is
// taken, several are ambiguous (nothing is linked), none tries the next key;
// a record that matches under no key is a new entity.
func (c *Crosswalk) Resolve(ctx context.Context, nativeID string, keys map[string]string) (Identity, error) {
	if l, ok := c.known[nativeID]; ok {
		c.link(l, keys)
		c.Report.Known++
		return Identity{CanonicalID: l.CanonicalID}, nil
	}
	for _, k := range c.keys {
		v := keys[k]
		if v == "" {
			continue
		}
		id, err := c.match(ctx, nativeID, k, v, keys)
		if err != nil || id.CanonicalID != "" || len(id.Ambiguous) > 0 {
			return id, err
		}
	}
	l := store.Link{System: c.system, DataType: c.dataType, NativeID: nativeID, CanonicalID: c.newID()}
	c.link(l, keys)
	c.Report.add(&c.Report.New, &c.Report.Unmatched, nativeID)
	return Identity{CanonicalID: l.CanonicalID, New: true}, nil
}

// match tries one match key. Records of this system are never matched: two
// native records of one system are two entities.
func (c *Crosswalk) match(ctx context.Context, nativeID, key, value string, keys map[string]string) (Identity, error) {
	cands, err := c.store.MatchCandidates(ctx, c.dataType, key, value)
	if err != nil {
		return Identity{}, err
	}
	cands = slices.DeleteFunc(cands, func(l store.Link) bool { return l.System == c.system })
	entities := map[string]bool{}
	for _, l := range cands {
		entities[l.CanonicalID] = true
	}
	switch len(entities) {
	case 0:
		return Identity{}, nil
	case 1:
		return c.take(ctx, nativeID, key, value, keys, cands)
	}
	return c.ambiguous(nativeID, key, value, cands), nil
}

// take links the record to the one entity it matched, unless another record
// of this system holds that entity already: then it is ambiguous too.
func (c *Crosswalk) take(ctx context.Context, nativeID, key, value string, keys map[string]string, cands []store.Link) (Identity, error) {
	canonical := cands[0].CanonicalID
	holders, err := c.store.LinksOf(ctx, c.dataType, canonical)
	if err != nil {
		return Identity{}, err
	}
	holders = append(holders, c.pendingOf(canonical)...)
	for _, h := range holders {
		if h.System == c.system && h.NativeID != nativeID {
			return c.ambiguous(nativeID, key, value, append(cands, h)), nil
		}
	}
	c.link(store.Link{System: c.system, DataType: c.dataType, NativeID: nativeID, CanonicalID: canonical, MatchKey: key, MatchValue: value}, keys)
	c.Report.Matched++
	return Identity{CanonicalID: canonical, MatchKey: key, MatchValue: value}, nil
}

func (c *Crosswalk) ambiguous(nativeID, key, value string, cands []store.Link) Identity {
	c.Report.add(&c.Report.Ambiguous, &c.Report.AmbiguousKeys, fmt.Sprintf("%s (%s %s: %d records)", nativeID, key, value, len(cands)))
	return Identity{Ambiguous: cands, MatchKey: key, MatchValue: value}
}

// link queues a crosswalk row for the page, with the record's keys.
func (c *Crosswalk) link(l store.Link, keys map[string]string) {
	l.Keys = keys
	c.pending = append(c.pending, l)
	c.known[l.NativeID] = l
}

func (c *Crosswalk) pendingOf(canonical string) []store.Link {
	var out []store.Link
	for _, l := range c.pending {
		if l.CanonicalID == canonical {
			out = append(out, l)
		}
	}
	return out
}
