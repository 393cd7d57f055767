package sap

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Atom XML is OData v2's default format (PROTOCOLS.md §6.1): a read that
// asks for JSON neither by $format=json nor by an Accept naming
// application/json is answered as an Atom feed or entry, as SAP Gateway
// answers it. Expanded navigation properties are left out of the XML.

const (
	atomNS = `xmlns="http://www.w3.org/2005/Atom" xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata" ` +
		`xmlns:d="http://schemas.microsoft.com/ado/2007/08/dataservices"`
	atomScheme = "http://schemas.microsoft.com/ado/2007/08/dataservices/scheme"
)

// bpFormat reports whether a read is answered in JSON; a $format other than
// json, xml or atom is an error.
func bpFormat(r *http.Request) (bool, error) {
	switch f := r.URL.Query().Get("$format"); f {
	case "json":
		return true, nil
	case "xml", "atom":
		return false, nil
	case "":
		return strings.Contains(r.Header.Get("Accept"), "application/json"), nil
	default:
		return false, fmt.Errorf("format %q is not supported; use json, xml or atom", f)
	}
}

// writeAtomFeed answers a collection as an Atom feed (m:count with
// $inlinecount, a next link when the server pages).
func writeAtomFeed(w http.ResponseWriter, r *http.Request, set v2Set, d map[string]any) {
	var b strings.Builder
	root := serviceRoot(r)
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="utf-8"?><feed xml:base="%s" %s><id>%s</id><title type="text">%s</title><updated>%s</updated>`,
		esc(root), atomNS, esc(root+set.name), set.name, time.Now().UTC().Format(time.RFC3339))
	if n, ok := d["__count"].(string); ok {
		b.WriteString("<m:count>" + n + "</m:count>")
	}
	for _, e := range d["results"].([]map[string]any) {
		atomEntry(&b, set, e)
	}
	if next, ok := d["__next"].(string); ok {
		b.WriteString(`<link href="` + esc(next) + `" rel="next"/>`)
	}
	b.WriteString("</feed>")
	writeAtom(w, "feed", b.String())
}

// writeAtomEntry answers one entity as an Atom entry.
func writeAtomEntry(w http.ResponseWriter, set v2Set, e map[string]any) {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?>`)
	atomEntry(&b, set, e)
	writeAtom(w, "entry", strings.Replace(b.String(), "<entry ", "<entry "+atomNS+" ", 1))
}

func writeAtom(w http.ResponseWriter, kind, body string) {
	w.Header().Set("Content-Type", "application/atom+xml;type="+kind+";charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte(body))
}

// atomEntry writes one rendered entity (bpRender's map) as an entry.
func atomEntry(b *strings.Builder, set v2Set, e map[string]any) {
	meta := e["__metadata"].(map[string]any)
	uri := meta["uri"].(string)
	fmt.Fprintf(b, `<entry m:etag="%s"><id>%s</id><title type="text">%s</title><category term="%s" scheme="%s"/>`+
		`<link href="%s" rel="edit" title="%sType"/><content type="application/xml"><m:properties>`,
		esc(meta["etag"].(string)), esc(uri), esc(uri[strings.LastIndex(uri, "/")+1:]), meta["type"], atomScheme,
		esc(uri[strings.LastIndex(uri, "/")+1:]), set.name)
	for _, k := range slices.Sorted(func(yield func(string) bool) {
		for k := range e {
			if _, ok := set.types[k]; ok && !yield(k) {
				return
			}
		}
	}) {
		atomProperty(b, k, set.types[k], e[k])
	}
	b.WriteString("</m:properties></content></entry>")
}

// atomProperty writes <d:Name m:type="…">value</d:Name>; Edm.DateTime in
// its XML form (2024-05-01T00:00:00).
func atomProperty(b *strings.Builder, name, typ string, v any) {
	attr := ""
	if typ != "Edm.String" {
		attr = ` m:type="` + typ + `"`
	}
	var text string
	switch x := v.(type) {
	case nil:
		fmt.Fprintf(b, `<d:%s%s m:null="true"/>`, name, attr)
		return
	case bool:
		text = strconv.FormatBool(x)
	case string:
		text = x
		if t, ok := v2DateTime(x); ok && typ == "Edm.DateTime" {
			text = t.(time.Time).Format("2006-01-02T15:04:05")
		}
	default:
		text = fmt.Sprint(x)
	}
	fmt.Fprintf(b, `<d:%s%s>%s</d:%s>`, name, attr, esc(text), name)
}

func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
