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

type value struct {
	Locale *string         `json:"locale"`
	Scope  *string         `json:"scope"`
	Data   json.RawMessage `json:"data"`
}

// FactsOf collects a product's facts for a locale: the listed attributes, its
// family and SKU, and the staged ERP price when there is one.
func FactsOf(p transform.PIMProduct, attrs []string, locale string, erp *transform.Price) Facts {
	f := Facts{"sku": p.SKU, "family": p.Family}
	for _, a := range attrs {
		var vs []value
		if json.Unmarshal(p.Values[a], &vs) != nil {
			continue
		}
		for _, v := range vs {
			if v.Locale != nil && *v.Locale != locale {
				continue
			}
			addFact(f, a, v.Data)
			break
		}
	}
	if erp != nil {
		f["price"] = erp.Amount + " " + erp.Currency
	}
	return f
}

func addFact(f Facts, name string, data json.RawMessage) {
	var s string
	if json.Unmarshal(data, &s) == nil {
		f[name] = strings.TrimSpace(s)
		return
	}
	var m struct {
		Amount json.RawMessage `json:"amount"`
		Unit   string          `json:"unit"`
	}
	if json.Unmarshal(data, &m) == nil && m.Amount != nil {
		var amount string
		if json.Unmarshal(m.Amount, &amount) != nil {
			amount = string(m.Amount)
		}
		f[name] = amount
		f[name+"_unit"] = m.Unit
		if sym, ok := unitSymbols[strings.ToUpper(m.Unit)]; ok {
			f[name+"_symbol"] = sym
		}
		return
	}
	f[name] = string(data)
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
