package odata

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/stewardhq/steward/extract"
	api "github.com/stewardhq/steward/internal/api/odata"
	"github.com/stewardhq/steward/internal/record"
)

// narrowing isolates a poisoned entity by asking for the same key set
// request with $top halved, down to one entity.
func (e *Extractor) narrowing() *extract.Narrowing {
	return &extract.Narrowing{PageSize: e.top(), Size: e.topOf, Resize: api.WithTop, Salvage: unsalvaged}
}

// unsalvaged is the Narrowing's Salvage: page salvages a page of one entity
// itself (it may hold a record to read), so an undecodable page of one never
// reaches it.
func unsalvaged(err error) ([]record.Quarantined, string, error) {
	return nil, "", fmt.Errorf("a page of one entity was not salvaged: %w", err)
}

// salvage splits a page that could not be decoded into its entities, for the
// mapping to read or quarantine each one: with key set paging a page of one,
// so that the entity that broke the page is known; an entity that decodes
// alone (nested just too deep for its page) is read like any other.
func (e *Extractor) salvage(ue *api.UndecodableError) (api.Page, error) {
	page, err := e.api.Salvage(ue)
	if err != nil {
		return page, fmt.Errorf("fetch %s page: %w; isolate the bad entity: %w", e.job.Extract.Entity, ue, err)
	}
	if len(page.Value) == 0 {
		return page, fmt.Errorf("fetch %s page: %w; the page holds no entity to isolate", e.job.Extract.Entity, ue)
	}
	return page, nil
}

// skipByKey handles a salvaged page of one poisoned entity that has no
// readable position (its cursor value is what is poisoned): it is the first
// row after the link's position, so the next request is the same one without
// it, by key, and its mapping quarantines it. Without a readable key the pass
// fails: never a loop, never a silent skip.
func (e *Extractor) skipByKey(link string, raw json.RawMessage, cause error) (string, error) {
	fail := func(why string, err error) (string, error) {
		return "", fmt.Errorf("page %s at %s: %w; %s: %w", e.job.Extract.Entity, link, cause, why, err)
	}
	props, err := lenientProps(raw)
	if err != nil {
		return fail("the entity has no readable key to skip it by", err)
	}
	keys, err := e.keyLiterals(props)
	if err != nil {
		return fail("the entity has no readable key to skip it by", err)
	}
	filter, not := api.FilterOf(link), e.notKey(keys)
	if strings.Contains(filter, not) {
		return fail("the service sent the entity again although the request excludes it", errors.New(not))
	}
	return api.SetOption(link, "$filter", joinAnd(filter, not))
}

// notKey is the $filter clause excluding one entity by its key literals.
func (e *Extractor) notKey(keys []string) string {
	var alts []string
	for i, k := range e.entity.Key {
		alts = append(alts, k+" ne "+keys[i])
	}
	return "(" + strings.Join(alts, " or ") + ")"
}
