package salsify

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
)

// A child product's document holds only its own properties; Salsify shows
// it with its parent's values, which the canonical product must carry too
// (a variant inherits its parent's values). With settings.variants the
// extractor reads each parent once per run (GET /products/{id}, cached) and
// gives a child every property it lacks from its parent; system fields
// (salsify:…) stay the child's own. A change to a parent alone reaches its
// children's staged values at their next change or the next full pass.

// parentDocs caches parent documents by salsify:id for one run; partitions
// read pages concurrently, so it is locked.
type parentDocs struct {
	mu   sync.Mutex
	docs map[string]map[string]json.RawMessage
}

// withParents returns items with every child's missing properties taken
// from its parent, and the children whose parent does not exist (by
// position), to be quarantined with that reason. An item that cannot be
// decoded is left as it is for mapPage to quarantine.
func (e *Extractor) withParents(ctx context.Context, items []json.RawMessage) ([]json.RawMessage, map[int]error, error) {
	if !e.settings.Variants {
		return items, nil, nil
	}
	out := make([]json.RawMessage, len(items))
	orphans := map[int]error{}
	for i, raw := range items {
		out[i] = raw
		var d map[string]json.RawMessage
		if json.Unmarshal(raw, &d) != nil {
			continue
		}
		pid, err := optText(d, fieldParent)
		if err != nil || pid == "" {
			continue
		}
		parent, err := e.parentDoc(ctx, pid)
		switch {
		case err != nil:
			return nil, nil, err
		case parent == nil:
			orphans[i] = fmt.Errorf("parent product %q (%s) does not exist", pid, fieldParent)
			continue
		}
		for k, v := range parent {
			if !strings.HasPrefix(k, "salsify:") && isNull(d[k]) {
				d[k] = v
			}
		}
		if out[i], err = json.Marshal(d); err != nil {
			return nil, nil, fmt.Errorf("merge product with parent %q: %w", pid, err)
		}
	}
	return out, orphans, nil
}

// parentDoc reads parent id once per run; nil when it does not exist.
func (e *Extractor) parentDoc(ctx context.Context, id string) (map[string]json.RawMessage, error) {
	e.parents.mu.Lock()
	d, ok := e.parents.docs[id]
	e.parents.mu.Unlock()
	if ok {
		return d, nil
	}
	raw, found, err := e.api.Product(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("read parent product: %w", err)
	}
	if found {
		if err := json.Unmarshal(raw, &d); err != nil {
			return nil, fmt.Errorf("read parent product %q: decode: %w", id, err)
		}
	}
	e.parents.mu.Lock()
	if e.parents.docs == nil {
		e.parents.docs = map[string]map[string]json.RawMessage{}
	}
	e.parents.docs[id] = d
	e.parents.mu.Unlock()
	return d, nil
}
