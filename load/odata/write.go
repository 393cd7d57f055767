package odata

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"path"
	"slices"
	"strings"
	"unicode"

	api "github.com/stewardhq/steward/internal/api/odata"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/load"
)

// writeOne writes one item to its partner p (nil: not found).
func (l *Loader) writeOne(ctx context.Context, it load.Item, p *partner) (load.Outcome, error) {
	reject := func(why string) (load.Outcome, error) {
		return load.Outcome{ID: it.ID, Status: load.Rejected, Reason: why}, nil
	}
	switch {
	case it.ExternalID == "":
		return reject("the customer has no external id to find its business partner by " + extField)
	case p == nil && it.UUID != "":
		return reject(fmt.Sprintf("no business partner %s (the record of %s '%s'); steward does not create partners", it.UUID, extField, it.ExternalID))
	case p == nil:
		return reject(fmt.Sprintf("no business partner with %s '%s'; steward does not create partners", extField, it.ExternalID))
	case p.dup:
		return reject(fmt.Sprintf("several business partners have %s '%s'", extField, it.ExternalID))
	}
	bp, addr, err := l.diff(it, p)
	if err == nil && it.UUID != "" && it.ExternalID != it.UUID && text(p.props, extField) != it.ExternalID {
		// Written by its key: the partner gets the external id, so that
		// later writes find it by it.
		bp[extField] = it.ExternalID
	}
	switch {
	case err != nil:
		return reject(err.Error())
	case len(bp) == 0 && len(addr) == 0:
		return load.Outcome{ID: it.ID, Status: load.Unchanged}, nil
	case len(addr) > 0 && p.addr == nil:
		return reject(fmt.Sprintf("business partner %s has no address to write %s to", p.id, strings.Join(keys(addr), ", ")))
	}
	etag, addrEtag := p.etag, p.addrEtag
	if it.Overwrite {
		etag, addrEtag = "*", "*"
	}
	if len(bp) > 0 {
		err = l.patch(ctx, l.entity.Path+"("+api.String(p.id)+")", bp, etag)
	}
	if err == nil && len(addr) > 0 {
		err = l.patch(ctx, l.addressPath(p), addr, addrEtag)
	}
	return l.outcome(ctx, it, err)
}

func (l *Loader) patch(ctx context.Context, entityPath string, body map[string]string, etag string) error {
	b, err := json.Marshal(body)
	if err != nil {
		return fmt.Errorf("encode patch of %s: %w", entityPath, err)
	}
	return l.api.PatchV2(ctx, entityPath, b, etag)
}

// addressPath is the partner's address entity below the service root.
func (l *Loader) addressPath(p *partner) string {
	id, _ := p.addr["AddressID"].(string)
	return path.Dir(l.entity.Path) + "/A_BusinessPartnerAddress(BusinessPartner=" + api.String(p.id) + ",AddressID=" + api.String(id) + ")"
}

// outcome turns a write's result into the item's outcome: 412 is a
// Conflict with the current values re-read, another 4xx a rejection with
// the service's message; anything else fails the batch.
func (l *Loader) outcome(ctx context.Context, it load.Item, err error) (load.Outcome, error) {
	var se *httpx.StatusError
	switch {
	case err == nil:
		return load.Outcome{ID: it.ID, Status: load.Written}, nil
	case errors.As(err, &se) && se.Status == http.StatusPreconditionFailed:
		cur, rerr := l.reread(ctx, it)
		if rerr != nil {
			return load.Outcome{}, rerr
		}
		return load.Outcome{ID: it.ID, Status: load.Conflict, Current: cur}, nil
	case errors.As(err, &se) && se.Status >= 400 && se.Status < 500 && !batchWide[se.Status]:
		return load.Outcome{ID: it.ID, Status: load.Rejected, Reason: err.Error()}, nil
	}
	return load.Outcome{}, fmt.Errorf("write business partner %s: %w", it.ExternalID, err)
}

// batchWide are the statuses that say nothing about the item: the batch
// fails instead.
var batchWide = map[int]bool{http.StatusUnauthorized: true, http.StatusForbidden: true, http.StatusTooManyRequests: true, http.StatusRequestTimeout: true}

// reread returns the owned fields of the item's partner as it is now.
func (l *Loader) reread(ctx context.Context, it load.Item) (map[string]json.RawMessage, error) {
	ext := it.ExternalID
	found, byKey, err := l.partners(ctx, []load.Item{it})
	if err != nil {
		return nil, fmt.Errorf("re-read business partner %s after a failed precondition: %w", ext, err)
	}
	p := found[ext]
	if it.UUID != "" {
		p = byKey[it.UUID]
	}
	if p == nil {
		return nil, fmt.Errorf("re-read business partner %s after a failed precondition: it is gone", ext)
	}
	return l.owned(p), nil
}

// diff returns the partner and address properties whose values differ from
// the item's owned fields.
func (l *Loader) diff(it load.Item, p *partner) (bp, addr map[string]string, err error) {
	bp, addr = map[string]string{}, map[string]string{}
	cur := p.current()
	for _, f := range l.fields {
		raw, ok := it.Fields[f]
		if !ok {
			continue
		}
		var v string
		if err := json.Unmarshal(raw, &v); err != nil {
			return nil, nil, fmt.Errorf("field %s: %s is not a string", f, raw)
		}
		if f == "name" {
			if err := nameDiff(v, p.props, bp); err != nil {
				return nil, nil, err
			}
			continue
		}
		if v = strings.TrimSpace(v); v == cur[f] {
			continue
		}
		switch f {
		case "street":
			addr["StreetName"], addr["HouseNumber"] = splitStreet(v)
		default:
			addr[map[string]string{"postal_code": "PostalCode", "city": "CityName", "country": "Country"}[f]] = v
		}
	}
	return bp, addr, nil
}

// splitStreet splits "Hafenstraße 12" into the street name and a house
// number: the last word when it holds a digit.
func splitStreet(s string) (string, string) {
	i := strings.LastIndexByte(s, ' ')
	if i < 0 || !strings.ContainsFunc(s[i+1:], unicode.IsDigit) {
		return s, ""
	}
	return s[:i], s[i+1:]
}

func keys(m map[string]string) []string { return slices.Sorted(maps.Keys(m)) }
