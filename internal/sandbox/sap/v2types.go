package sap

import (
	"regexp"
	"strconv"
	"time"
)

var (
	dateMillis  = regexp.MustCompile(`^/Date\((-?[0-9]+)\)/$`)
	timeLiteral = regexp.MustCompile(`^PT([0-9]{1,2})H([0-9]{1,2})M([0-9]{1,2})S$`)
)

// v2DateTime reads an Edm.DateTime as a v2 $filter literal
// (datetime'2024-05-01T00:00:00', seconds optional) or as its JSON form
// (/Date(1714521600000)/) (PROTOCOLS.md §6.4). A v4 bare literal is refused.
func v2DateTime(text string) (any, bool) {
	if m := dateMillis.FindStringSubmatch(text); m != nil {
		ms, err := strconv.ParseInt(m[1], 10, 64)
		return time.UnixMilli(ms).UTC(), err == nil
	}
	if len(text) < len("datetime''") || text[:9] != "datetime'" || text[len(text)-1] != '\'' {
		return nil, false
	}
	inner := text[9 : len(text)-1]
	for _, layout := range []string{"2006-01-02T15:04:05.999999999", "2006-01-02T15:04"} {
		if t, err := time.Parse(layout, inner); err == nil {
			return t, true
		}
	}
	return nil, false
}

// v2Time reads an Edm.Time as a $filter literal (time'PT10H30M00S') or as
// its JSON form (PT10H30M00S).
func v2Time(text string) (any, bool) {
	if len(text) > 6 && text[:5] == "time'" && text[len(text)-1] == '\'' {
		text = text[5 : len(text)-1]
	} else if len(text) > 0 && text[0] == 't' {
		return nil, false
	}
	m := timeLiteral.FindStringSubmatch(text)
	if m == nil {
		return nil, false
	}
	h, _ := strconv.Atoi(m[1])
	mi, _ := strconv.Atoi(m[2])
	s, _ := strconv.Atoi(m[3])
	if h > 23 || mi > 59 || s > 59 {
		return nil, false
	}
	return time.Duration(h)*time.Hour + time.Duration(mi)*time.Minute + time.Duration(s)*time.Second, true
}
