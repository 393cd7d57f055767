package transform

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/stewardhq/steward/internal/jsonscan"
)

// AppendJSON appends the product as JSON, byte for byte as json.Marshal
// encodes it (so content hashes do not change with the encoder), without
// reflection: the extract hot path encodes every product once with it.
func (p *Product) AppendJSON(dst []byte) ([]byte, error) {
	if y := p.Updated.Year(); y < 0 || y > 9999 || p.Updated.Location() != time.UTC {
		// Times json.Marshal may refuse, in its own words.
		b, err := json.Marshal(p)
		return append(dst, b...), err
	}
	dst = append(dst, `{"id":`...)
	dst = jsonscan.AppendString(dst, p.ID)
	dst = appendField(dst, `,"identifier":`, p.Identifier)
	dst = appendField(dst, `,"family":`, p.Family)
	if len(p.Categories) > 0 {
		dst = appendStrings(append(dst, `,"categories":`...), p.Categories)
	}
	dst = appendField(dst, `,"parent":`, p.Parent)
	dst = append(append(dst, `,"enabled":`...), strconv.FormatBool(p.Enabled)...)
	if len(p.Values) > 0 {
		dst = AppendValuesJSON(append(dst, `,"values":`...), p.Values)
	}
	if !p.Updated.IsZero() {
		dst = append(dst, `,"updated":"`...)
		dst = append(p.Updated.AppendFormat(dst, time.RFC3339Nano), '"')
	}
	return append(dst, '}'), nil
}

// AppendValuesJSON appends values as json.Marshal encodes the slice ([] when
// empty).
func AppendValuesJSON(dst []byte, values []Value) []byte {
	dst = append(dst, '[')
	for i := range values {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = values[i].appendJSON(dst)
	}
	return append(dst, ']')
}

func (v *Value) appendJSON(dst []byte) []byte {
	dst = append(dst, `{"attribute":`...)
	dst = jsonscan.AppendString(dst, v.Attribute)
	dst = appendField(dst, `,"locale":`, v.Locale)
	dst = appendField(dst, `,"channel":`, v.Channel)
	dst = jsonscan.AppendString(append(dst, `,"kind":`...), string(v.Kind))
	dst = appendField(dst, `,"text":`, v.Text)
	dst = appendField(dst, `,"number":`, v.Number)
	dst = appendField(dst, `,"unit":`, v.Unit)
	if len(v.Amounts) > 0 {
		dst = append(dst, `,"amounts":[`...)
		for i, a := range v.Amounts {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = jsonscan.AppendString(append(dst, `{"amount":`...), a.Amount)
			dst = append(jsonscan.AppendString(append(dst, `,"currency":`...), a.Currency), '}')
		}
		dst = append(dst, ']')
	}
	if len(v.Options) > 0 {
		dst = appendStrings(append(dst, `,"options":`...), v.Options)
	}
	if v.Bool != nil {
		dst = append(append(dst, `,"bool":`...), strconv.FormatBool(*v.Bool)...)
	}
	return append(dst, '}')
}

// appendField appends an omitempty string member.
func appendField(dst []byte, name, s string) []byte {
	if s == "" {
		return dst
	}
	return jsonscan.AppendString(append(dst, name...), s)
}

func appendStrings(dst []byte, ss []string) []byte {
	dst = append(dst, '[')
	for i, s := range ss {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = jsonscan.AppendString(dst, s)
	}
	return append(dst, ']')
}
