package spell

import (
	"fmt"
	"strings"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/ianaindex"
)

// hunspellNames maps the names hunspell's SET takes where they differ from
// the IANA names of the same character sets.
var hunspellNames = map[string]string{
	"MICROSOFT-CP1251": "windows-1251",
	"TIS620-2533":      "TIS-620",
}

// charsetOf returns the single-byte character set of a dictionary's
// encoding as libhunspell reports it (the .aff's SET, ISO8859-1 without
// one), or nil for UTF-8. An encoding steward cannot convert to is an
// error naming it.
func charsetOf(name string) (*charmap.Charmap, error) {
	upper := strings.ToUpper(name)
	if upper == "UTF-8" || upper == "UTF8" {
		return nil, nil
	}
	iana := name
	if n, ok := hunspellNames[upper]; ok {
		iana = n
	} else if rest, ok := strings.CutPrefix(upper, "ISO8859"); ok {
		iana = "ISO-8859" + rest // hunspell writes ISO8859-1 for ISO-8859-1
	}
	enc, err := ianaindex.IANA.Encoding(iana)
	if cm, ok := enc.(*charmap.Charmap); err == nil && ok {
		return cm, nil
	}
	return nil, fmt.Errorf("dictionary encoding %q (SET): not a character set steward converts words to (UTF-8, ISO8859-*, KOI8-R, KOI8-U, microsoft-cp1251)", name)
}
