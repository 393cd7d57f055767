package sap

import (
	"strings"
	"unicode/utf8"
)

// bpNameLine is the length of an organization name line (CHAR 40).
const bpNameLine = 40

// nameLines splits a seeded name over OrganizationBPName1 and 2 at the last
// word boundary within a line, as SAP's maintenance screens do.
func nameLines(name string) (string, string) {
	if utf8.RuneCountInString(name) <= bpNameLine {
		return name, ""
	}
	r := []rune(name)
	cut := bpNameLine
	if i := strings.LastIndex(string(r[:bpNameLine+1]), " "); i > 0 {
		cut = utf8.RuneCountInString(string(r[:bpNameLine+1])[:i])
	}
	l2 := strings.TrimSpace(string(r[cut:]))
	if utf8.RuneCountInString(l2) > bpNameLine {
		l2 = string([]rune(l2)[:bpNameLine])
	}
	return strings.TrimSpace(string(r[:cut])), l2
}

// fullName is BusinessPartnerFullName as SAP derives it from an
// organization's name lines 1 and 2.
func fullName(name1, name2 string) string {
	return strings.TrimSpace(strings.TrimSpace(name1) + " " + strings.TrimSpace(name2))
}
