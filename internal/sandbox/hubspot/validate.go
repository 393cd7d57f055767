package hubspot

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

var decimal = regexp.MustCompile(`^-?\d+(\.\d+)?$`)

// validateProps checks the properties of one write input: each must exist,
// be writable and hold a value of its type (numbers as decimal strings,
// hubspot_owner_id an owner's id). The caller holds no lock.
func (e *Emulator) validateProps(t *table, props map[string]*string) []detail {
	var out []detail
	names := make([]string, 0, len(props))
	for n := range props {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		if d, bad := e.checkValue(t, n, props[n]); bad {
			out = append(out, d)
		}
	}
	return out
}

// checkValue checks one property value.
func (e *Emulator) checkValue(t *table, name string, v *string) (detail, bool) {
	p, ok := t.byName[name]
	ctx := map[string][]string{"propertyName": {name}}
	switch {
	case !ok:
		return noSuchProperty(name), true
	case p.ReadOnly:
		return detail{Message: fmt.Sprintf("Property %q is read-only", name), Code: "READ_ONLY_VALUE", Context: ctx}, true
	case v == nil || *v == "":
		return detail{}, false
	case p.Type == "number" && !decimal.MatchString(*v):
		return detail{Message: fmt.Sprintf("%q was not a valid number", *v), Code: "INVALID_DECIMAL", Context: ctx}, true
	case p.owner && !e.isOwner(*v):
		return detail{Message: fmt.Sprintf("%q was not one of the allowed options", *v), Code: "INVALID_OPTION", Context: ctx}, true
	}
	return detail{}, false
}

// standardError is a batch's per-input error (StandardError).
type standardError struct {
	Status      string              `json:"status"`
	Category    string              `json:"category"`
	SubCategory string              `json:"subCategory,omitempty"`
	Message     string              `json:"message"`
	Errors      []detail            `json:"errors"`
	Context     map[string][]string `json:"context"`
	Links       map[string]string   `json:"links"`
}

// inputError is the StandardError of one failed input: context "ids" holds
// its id (when it has one) and "objectWriteTraceId" the trace id it sent.
func inputError(category, msg, id, trace string, details []detail) standardError {
	ctx := map[string][]string{}
	if id != "" {
		ctx["ids"] = []string{id}
	}
	if trace != "" {
		ctx["objectWriteTraceId"] = []string{trace}
	}
	if details == nil {
		details = []detail{}
	}
	return standardError{Status: "error", Category: category, Message: msg, Errors: details, Context: ctx, Links: map[string]string{}}
}

// propertyError is the StandardError of an input with invalid properties.
func propertyError(id, trace string, details []detail) standardError {
	msgs := make([]string, len(details))
	var names []string
	for k, d := range details {
		msgs[k] = d.Message
		names = append(names, d.Context["propertyName"]...)
	}
	sub := ""
	if len(details) > 0 {
		sub = details[0].Code
	}
	se := inputError(catValidation, "Property values were not valid: "+strings.Join(msgs, "; "), id, trace, details)
	se.SubCategory = sub
	if len(names) > 0 {
		se.Context["propertyName"] = names
	}
	return se
}
