package odata

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// nameLine is the length of one of SAP's organization name lines
// (OrganizationBPName1 … 4, CHAR 40); BusinessPartnerFullName is built from
// lines 1 and 2 joined by a space.
const nameLine = 40

// nameOf is a partner's name as the extractor reads it: its name lines 1
// and 2 joined by a space, BusinessPartnerFullName when both are empty.
func nameOf(props map[string]any) string {
	if n := strings.TrimSpace(text(props, "OrganizationBPName1") + " " + text(props, "OrganizationBPName2")); n != "" {
		return n
	}
	return text(props, "BusinessPartnerFullName")
}

// splitName splits a name over SAP's two name lines of 40 characters: line
// 1 ends at the last word boundary within 40 characters (mid-word when its
// first word is longer), line 2 holds the rest. A name that does not fit
// the two lines is an error.
func splitName(name string) (line1, line2 string, err error) {
	name = strings.Join(strings.Fields(name), " ")
	if utf8.RuneCountInString(name) <= nameLine {
		return name, "", nil
	}
	r := []rune(name)
	cut := nameLine
	for i := nameLine; i > 0; i-- {
		if r[i] == ' ' {
			cut = i
			break
		}
	}
	line1, line2 = strings.TrimSpace(string(r[:cut])), strings.TrimSpace(string(r[cut:]))
	if utf8.RuneCountInString(line2) > nameLine {
		return "", "", fmt.Errorf("name %q is %d characters; SAP holds a name in two lines of %d (OrganizationBPName1, OrganizationBPName2)", name, len(r), nameLine)
	}
	return line1, line2, nil
}

// nameDiff adds to bp the name lines of name when the partner's lines
// differ: neither joined equal to name nor equal to its split.
func nameDiff(name string, props map[string]any, bp map[string]string) error {
	line1, line2, err := splitName(name)
	if err != nil {
		return fmt.Errorf("field name: %w", err)
	}
	cur1, cur2 := text(props, "OrganizationBPName1"), text(props, "OrganizationBPName2")
	if nameOf(props) == strings.Join(strings.Fields(name), " ") || (cur1 == line1 && cur2 == line2) {
		return nil
	}
	bp["OrganizationBPName1"], bp["OrganizationBPName2"] = line1, line2
	return nil
}
