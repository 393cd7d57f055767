package salesforce

import (
	"bytes"
	"encoding/json"
	"time"
)

// render writes a record as Salesforce's JSON does: attributes first, then
// the fields in the order asked, time stamps as 2024-05-01T00:00:00.000+0000.
func render(rec *record, fields []string, ver string) json.RawMessage {
	var b bytes.Buffer
	b.WriteString(`{"attributes":`)
	attrs, _ := json.Marshal(map[string]string{"type": rec.Obj, "url": dataPrefix + ver + "/sobjects/" + rec.Obj + "/" + rec.ID})
	b.Write(attrs)
	for _, f := range fields {
		b.WriteByte(',')
		k, _ := json.Marshal(f)
		b.Write(k)
		b.WriteByte(':')
		b.Write(jsonValue(rec.value(f)))
	}
	b.WriteByte('}')
	return b.Bytes()
}

// jsonValue encodes a stored value.
func jsonValue(v any) []byte {
	switch x := v.(type) {
	case nil:
		return []byte("null")
	case time.Time:
		return []byte(`"` + sfTime(x) + `"`)
	case json.Number:
		return []byte(x.String())
	}
	b, _ := json.Marshal(v)
	return b
}

// fieldNames lists every field of o, system fields first.
func fieldNames(o *object) []string {
	var out []string
	for _, f := range o.allFields() {
		out = append(out, f.Name)
	}
	return out
}
