package odata

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	api "github.com/stewardhq/steward/internal/api/odata"
)

// partner is a business partner as read, with its first address.
type partner struct {
	id, etag string
	props    map[string]any
	addr     map[string]any // nil: the partner has no address
	addrEtag string
	// dup marks an external id that more than one partner holds.
	dup bool
}

const extField = "BusinessPartnerIDByExtSystem"

// lookup reads the partners holding the external ids, lookupBatch ids per
// request ($filter … eq 'a' or … eq 'b', with the address expanded),
// following __next.
func (l *Loader) lookup(ctx context.Context, ext []string) (map[string]*partner, error) {
	return l.lookupBy(ctx, extField, ext, func(p *partner) string { x, _ := p.props[extField].(string); return x })
}

// lookupBy reads the partners whose property field is one of vals, keyed
// by keyOf.
func (l *Loader) lookupBy(ctx context.Context, field string, ext []string, keyOf func(*partner) string) (map[string]*partner, error) {
	var ids []string
	seen := map[string]bool{}
	for _, x := range ext {
		if x != "" && !seen[x] {
			seen[x] = true
			ids = append(ids, x)
		}
	}
	out := map[string]*partner{}
	for start := 0; start < len(ids); start += lookupBatch {
		chunk := ids[start:min(start+lookupBatch, len(ids))]
		alts := make([]string, len(chunk))
		for i, x := range chunk {
			alts[i] = field + " eq " + api.String(x)
		}
		q := api.Query{Filter: strings.Join(alts, " or "), Expand: []string{"to_BusinessPartnerAddress"}, V2: true}
		if err := l.readPartners(ctx, l.api.CollectionURL(l.entity.Path, q), keyOf, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (l *Loader) readPartners(ctx context.Context, link string, keyOf func(*partner) string, out map[string]*partner) error {
	for link != "" {
		page, err := l.api.GetV2(ctx, link)
		if err != nil {
			return fmt.Errorf("look up business partners: %w", err)
		}
		for i, raw := range page.Value {
			p, err := parsePartner(raw)
			if err != nil {
				return fmt.Errorf("look up business partners: entity %d: %w", i, err)
			}
			x := keyOf(p)
			if prev, ok := out[x]; ok {
				prev.dup = true
				continue
			}
			out[x] = p
		}
		link = page.NextLink
	}
	return nil
}

func parsePartner(raw json.RawMessage) (*partner, error) {
	props := map[string]any{}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&props); err != nil {
		return nil, fmt.Errorf("decode business partner: %w", err)
	}
	p := &partner{props: props, etag: etagOf(props)}
	var ok bool
	if p.id, ok = props["BusinessPartner"].(string); !ok || p.id == "" {
		return nil, fmt.Errorf("business partner without BusinessPartner key")
	}
	nav, _ := props["to_BusinessPartnerAddress"].(map[string]any)
	results, ok := nav["results"].([]any)
	if !ok {
		return nil, fmt.Errorf("business partner %s: to_BusinessPartnerAddress was not expanded", p.id)
	}
	if len(results) > 0 {
		if p.addr, ok = results[0].(map[string]any); !ok {
			return nil, fmt.Errorf("business partner %s: address is not an object", p.id)
		}
		p.addrEtag = etagOf(p.addr)
	}
	return p, nil
}

func etagOf(props map[string]any) string {
	meta, _ := props["__metadata"].(map[string]any)
	s, _ := meta["etag"].(string)
	return s
}

// current is the partner's values of the canonical fields.
func (p *partner) current() map[string]string {
	out := map[string]string{"name": nameOf(p.props)}
	if p.addr != nil {
		out["street"] = strings.TrimSpace(text(p.addr, "StreetName") + " " + text(p.addr, "HouseNumber"))
		out["postal_code"], out["city"], out["country"] = text(p.addr, "PostalCode"), text(p.addr, "CityName"), text(p.addr, "Country")
	}
	return out
}

func text(props map[string]any, k string) string {
	s, _ := props[k].(string)
	return strings.TrimSpace(s)
}
