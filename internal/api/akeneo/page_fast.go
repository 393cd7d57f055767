package akeneo

import (
	"encoding/json"

	"github.com/stewardhq/steward/internal/jsonscan"
)

// decodePageFast splits a listing page in one pass with jsonscan, each item
// a slice of body (no copy). It reads only pages it is sure to read as
// encoding/json would, with their items array; ok is false for anything
// else (null items, nesting past jsonscan.MaxDepth, case-folded or repeated
// keys, bad JSON), and decodePage then decodes with encoding/json, which
// also words the error.
func decodePageFast(body []byte) (p Page, ok bool) {
	sc := jsonscan.New(body)
	seen := 0
	ok = sc.Object(func(key []byte) bool {
		switch string(key) {
		case "_links":
			return jsonscan.Once(&seen, 1) && fastLinks(sc, &p)
		case "_embedded":
			return jsonscan.Once(&seen, 2) && fastEmbedded(sc, &p)
		}
		return !jsonscan.MayFold(key, "_links", "_embedded") && sc.Skip()
	})
	return p, ok && sc.End() && p.Embedded != nil
}

func fastLinks(sc *jsonscan.Scanner, p *Page) bool {
	if sc.Null() {
		return true
	}
	seen := 0
	return sc.Object(func(key []byte) bool {
		if string(key) != "next" {
			return !jsonscan.MayFold(key, "next") && sc.Skip()
		}
		if !jsonscan.Once(&seen, 1) {
			return false
		}
		if sc.Null() {
			return true
		}
		var href string
		hseen := 0
		ok := sc.Object(func(key []byte) bool {
			if string(key) != "href" {
				return !jsonscan.MayFold(key, "href") && sc.Skip()
			}
			var ok bool
			href, ok = sc.String()
			return jsonscan.Once(&hseen, 1) && ok
		})
		p.Links.Next = &struct {
			Href string `json:"href"`
		}{Href: href}
		return ok
	})
}

func fastEmbedded(sc *jsonscan.Scanner, p *Page) bool {
	seen := 0
	var items []json.RawMessage
	ok := sc.Object(func(key []byte) bool {
		if string(key) != "items" {
			return !jsonscan.MayFold(key, "items") && sc.Skip()
		}
		items = make([]json.RawMessage, 0, 100)
		return jsonscan.Once(&seen, 1) && sc.Array(func() bool {
			item, ok := sc.Raw()
			items = append(items, item)
			return ok
		})
	})
	if !ok || items == nil {
		return false
	}
	p.Embedded = &struct {
		Items []json.RawMessage `json:"items"`
	}{Items: items}
	return true
}
