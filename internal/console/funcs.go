package console

import (
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"html/template"
	"net/url"
	"time"
)

//go:embed static/shortcuts.js
var shortcutsJS string

// shortcutsHash is the CSP hash of the inline shortcuts script, the only
// script a console page may run.
var shortcutsHash = func() string {
	sum := sha256.Sum256([]byte(shortcutsJS))
	return base64.StdEncoding.EncodeToString(sum[:])
}()

// funcs are the helpers every template may call.
var funcs = template.FuncMap{
	"when":      when,
	"param":     withParam,
	"qs":        func(q url.Values) template.URL { return template.URL(q.Encode()) },
	"shortcuts": func() template.HTML { return template.HTML("<script>" + shortcutsJS + "</script>") },
}

// when renders a stored RFC 3339 time in UTC with its zone, to the second;
// text that is not a time is shown as it is.
func when(stamp string) string {
	t, err := time.Parse(time.RFC3339Nano, stamp)
	if err != nil {
		return stamp
	}
	return t.UTC().Format("2006-01-02 15:04:05 MST")
}

// withParam returns the query q with key set to value (removed when value
// is empty), encoded, for links that keep the current filters. Every byte of
// it is percent-encoded, so it is safe as a URL's query.
func withParam(q url.Values, key, value string) template.URL {
	c := url.Values{}
	for k, vs := range q {
		c[k] = append([]string(nil), vs...)
	}
	if value == "" {
		c.Del(key)
	} else {
		c.Set(key, value)
	}
	return template.URL(c.Encode())
}

// backQuery re-reads a form's "back" field (the queue's query string) and
// keeps only the filters, so a crafted value cannot reach a link.
func backQuery(raw string) template.URL {
	q, _ := url.ParseQuery(raw)
	rq, err := parseReviewQuery(q)
	if err != nil {
		return ""
	}
	return template.URL(rq.Values.Encode())
}
