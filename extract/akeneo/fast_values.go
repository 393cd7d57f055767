package akeneo

import (
	"sort"

	"github.com/stewardhq/steward/internal/jsonscan"
	"github.com/stewardhq/steward/transform"
)

// attrRun is where one attribute's values sit in the values read so far.
type attrRun struct {
	attr     string
	from, to int
}

// fastValues reads a product's values object as canonicalValues maps it,
// attributes in sorted order, appended to out (an array to reuse, empty),
// and the identifier attribute's first data when it is a string.
func fastValues(sc *jsonscan.Scanner, in jsonscan.Interner, out []transform.Value, identifierAttr string, kinds map[string]transform.Kind) ([]transform.Value, string, bool) {
	if sc.Null() {
		return nil, "", true
	}
	var runs []attrRun
	ident := ""
	ok := sc.Object(func(key []byte) bool {
		attr, known := in[string(key)]
		if !known {
			attr = string(key)
			in[attr] = attr
		}
		from := len(out)
		first := true
		ok := sc.Array(func() bool {
			var data string
			var isText bool
			out, data, isText = fastValue(sc, in, out, attr, kinds[attr])
			if first && attr == identifierAttr && isText {
				ident = data
			}
			first = false
			return !sc.Failed()
		})
		runs = append(runs, attrRun{attr: attr, from: from, to: len(out)})
		return ok
	})
	if !ok {
		return nil, "", false
	}
	out, ok = inAttributeOrder(out, runs)
	if len(out) == 0 {
		out = nil
	}
	return out, ident, ok
}

// inAttributeOrder puts the values in the order of their attributes' codes
// (Akeneo sends them so ordered, then nothing moves); a repeated attribute
// is refused, encoding/json would keep its last list only.
func inAttributeOrder(out []transform.Value, runs []attrRun) ([]transform.Value, bool) {
	if sort.SliceIsSorted(runs, func(i, j int) bool { return runs[i].attr < runs[j].attr }) {
		for i := 1; i < len(runs); i++ {
			if runs[i].attr == runs[i-1].attr {
				return nil, false
			}
		}
		return out, true
	}
	sort.SliceStable(runs, func(i, j int) bool { return runs[i].attr < runs[j].attr })
	sorted := make([]transform.Value, 0, len(out))
	for i, r := range runs {
		if i > 0 && r.attr == runs[i-1].attr {
			return nil, false
		}
		sorted = append(sorted, out[r.from:r.to]...)
	}
	return sorted, true
}

// fastValue reads one {locale, scope, data} and appends its canonical value
// unless its data is null; data is the data's text when it is a string.
func fastValue(sc *jsonscan.Scanner, in jsonscan.Interner, out []transform.Value, attr string, kind transform.Kind) ([]transform.Value, string, bool) {
	cv := transform.Value{Attribute: attr}
	seen, present := 0, false
	var text string
	var isText bool
	ok := sc.Object(func(key []byte) bool {
		bit := 0
		var ok bool
		switch string(key) {
		case "locale":
			bit = 1
			cv.Locale, ok = internedOrNull(sc, in)
		case "scope":
			bit = 2
			cv.Channel, ok = internedOrNull(sc, in)
		case "data":
			bit = 4
			present, text, isText, ok = fastData(sc, in, &cv)
		default:
			return !foldsToKnown(key, valueFields) && sc.Skip()
		}
		if seen&bit != 0 {
			return false
		}
		seen |= bit
		return ok
	})
	if !ok {
		return out, "", false
	}
	if !present {
		return out, text, isText
	}
	cv, err := withKind(cv, kind)
	if err != nil {
		sc.Fail()
		return out, "", false
	}
	return append(out, cv), text, isText
}

var valueFields = []string{"locale", "scope", "data"}

// internedOrNull reads a string or null (""), interned.
func internedOrNull(sc *jsonscan.Scanner, in jsonscan.Interner) (string, bool) {
	if sc.Null() {
		return "", true
	}
	return sc.InternString(in)
}
