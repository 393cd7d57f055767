// Package drafts builds description drafts for products that lack one: the
// facts a draft may use, the prompt that fences product text off as data, the
// generators (template, OpenAI-compatible), and the check that a draft states
// no number, unit, link, markup or instruction its facts do not ground.
package drafts

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"sort"
	"strings"

	"github.com/stewardhq/steward/transform"
)

// Facts are the only things a draft may say, by name.
type Facts map[string]string

// FactsOf collects a product's facts for a locale: the listed attributes
// (each from its value in that locale, or its value in no locale), its family
// and SKU, and the staged ERP price when there is one.
func FactsOf(p transform.Product, attrs []string, locale string, erp *transform.Price) Facts {
	f := Facts{"sku": p.Identifier, "family": p.Family}
	for _, a := range attrs {
		for _, v := range p.Values {
			if v.Attribute == a && (v.Locale == "" || v.Locale == locale) {
				addFact(f, a, v)
				break
			}
		}
	}
	if erp != nil {
		f["price"] = erp.Amount + " " + erp.Currency
	}
	return f
}

// addFact states a value: text trimmed, a metric as its amount with its unit
// and the unit's symbol, anything else as it reads.
func addFact(f Facts, name string, v transform.Value) {
	switch {
	case v.Textual():
		f[name] = strings.TrimSpace(v.Text)
	case v.Kind == transform.KindMetric:
		f[name] = v.Number
		f[name+"_unit"] = v.Unit
		if sym, ok := unitSymbols[strings.ToUpper(v.Unit)]; ok {
			f[name+"_symbol"] = sym
		}
	default:
		f[name] = v.String()
	}
}

// JSON renders the facts with sorted keys.
func (f Facts) JSON() string {
	keys := make([]string, 0, len(f))
	for k := range f {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString("{")
	for i, k := range keys {
		if i > 0 {
			b.WriteString(",")
		}
		kb, _ := json.Marshal(k)
		vb, _ := json.Marshal(f[k])
		b.Write(kb)
		b.WriteString(":")
		b.Write(vb)
	}
	b.WriteString("}")
	return b.String()
}

// InputHash identifies a draft's input: the facts, locale, channel and the
// generator's identity. The same input never triggers a second call.
func InputHash(f Facts, locale, channel string, g Generator) string {
	sum := sha256.Sum256([]byte(strings.Join([]string{f.JSON(), locale, channel, g.Name(), g.Model(), g.PromptVersion()}, "\x00")))
	return hex.EncodeToString(sum[:])
}
