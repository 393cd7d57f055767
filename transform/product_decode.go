package transform

import (
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/stewardhq/steward/internal/jsonscan"
)

// DecodeProduct decodes a product encoded as JSON (a staged payload) into
// p, as json.Unmarshal would: in one pass with jsonscan when it can, and
// with json.Unmarshal (which also words any error) for anything the scan
// is not sure of. p must be the zero product.
func DecodeProduct(b []byte, p *Product) error {
	if scanProduct(b, p, nil) {
		return nil
	}
	*p = Product{}
	return json.Unmarshal(b, p)
}

// DecodeProductValuesJSON decodes a product as DecodeProduct does, except
// its values, which it returns as JSON text: json.Marshal of the values
// ([] for none). For a payload json.Marshal or AppendJSON wrote (every
// staged product) that is the payload's own values text, checked but not
// decoded; otherwise the values are decoded and encoded again.
func DecodeProductValuesJSON(b []byte, p *Product) ([]byte, error) {
	var values []byte
	if scanProduct(b, p, &values) {
		if values == nil {
			values = []byte("[]")
		}
		return values, nil
	}
	*p = Product{}
	if err := DecodeProduct(b, p); err != nil {
		return nil, err
	}
	vs := AppendValuesJSON(nil, p.Values)
	p.Values = nil
	return vs, nil
}

// scanProduct reads a product with jsonscan; with values set, it keeps the
// values' text there instead of decoding them. False when the scan was not
// sure.
func scanProduct(b []byte, p *Product, values *[]byte) bool {
	sc := jsonscan.New(b)
	seen := 0
	ok := sc.Object(func(key []byte) bool {
		bit := productBit(key)
		if bit == 0 {
			return !mayFold(key, productFields) && sc.Skip()
		}
		if seen&bit != 0 {
			return false
		}
		seen |= bit
		if values != nil && string(key) == "values" {
			return rawValues(sc, values)
		}
		return p.decodeMember(sc, bit)
	})
	return ok && sc.End()
}

// rawValues keeps the text of a values list (nil for null) when it is as
// the encoder writes it (canonicalValues).
func rawValues(sc *jsonscan.Scanner, values *[]byte) bool {
	if sc.Null() {
		return true
	}
	if sc.Peek() != '[' {
		return false
	}
	from := sc.Pos()
	if !canonicalValues(sc) {
		return false
	}
	*values = sc.Bytes(from, sc.Pos())
	return compact(*values)
}

var productFields = []string{"id", "identifier", "family", "categories", "parent", "enabled", "values", "updated"}

func productBit(key []byte) int {
	for i, f := range productFields {
		if string(key) == f {
			return 1 << i
		}
	}
	return 0
}

func (p *Product) decodeMember(sc *jsonscan.Scanner, bit int) bool {
	var ok bool
	switch productFields[bitIndex(bit)] {
	case "id":
		p.ID, ok = scanString(sc)
	case "identifier":
		p.Identifier, ok = scanString(sc)
	case "family":
		p.Family, ok = scanString(sc)
	case "categories":
		p.Categories, ok = scanStrings(sc)
	case "parent":
		p.Parent, ok = scanString(sc)
	case "enabled":
		if ok = sc.Null(); !ok {
			p.Enabled, ok = sc.Bool()
		}
	case "values":
		p.Values, ok = scanValues(sc)
	case "updated":
		if ok = sc.Null(); !ok {
			from := sc.Pos()
			_, ok = sc.String()
			ok = ok && p.Updated.UnmarshalJSON(sc.Bytes(from, sc.Pos())) == nil
		}
	}
	return ok
}

func bitIndex(bit int) int {
	i := 0
	for bit > 1 {
		bit >>= 1
		i++
	}
	return i
}

// scanString reads a string; null leaves it "" (the product is new).
func scanString(sc *jsonscan.Scanner) (string, bool) {
	if sc.Null() {
		return "", true
	}
	return sc.String()
}

// scanStrings reads a list of strings or null (nil).
func scanStrings(sc *jsonscan.Scanner) ([]string, bool) {
	if sc.Null() {
		return nil, true
	}
	out := []string{}
	ok := sc.Array(func() bool {
		if sc.Peek() == 'n' {
			return false // encoding/json would read "" here; leave it to it
		}
		s, ok := sc.String()
		out = append(out, s)
		return ok
	})
	return out, ok
}

// mayFold reports whether encoding/json might match key to one of names: the
// same but for case, or any key beyond ASCII.
func mayFold(key []byte, names []string) bool {
	for _, c := range key {
		if c >= utf8.RuneSelf {
			return true
		}
	}
	for _, n := range names {
		if len(n) == len(key) && strings.EqualFold(n, string(key)) {
			return true
		}
	}
	return false
}
