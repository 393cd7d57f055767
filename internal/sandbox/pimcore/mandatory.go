package pimcore

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// omitsMandatory is the save's omitMandatoryCheck as Pimcore 11 decides it:
// the mutation's argument when given (data-hub's update resolver calls
// setOmitMandatoryCheck only when the argument is set), else
// Concrete::getOmitMandatoryCheck's default, true for an unpublished
// object. So a published object is checked unless the mutation says
// omitMandatoryCheck: true, and an unpublished one only when it says false.
func omitsMandatory(o *object, args map[string]any) bool {
	if v, ok := args["omitMandatoryCheck"].(bool); ok {
		return v
	}
	return !o.Published
}

// checkField is one non-localized field's checkValidity as Concrete::update
// calls it: an input's length always, then, unless the check is omitted,
// the mandatory flag against the value the object has with inheritance
// (eff; Concrete::update tries a class allowing inheritance again with the
// parent's value). It returns the failure's text, "" for none.
func (s *Server) checkField(o, eff *object, f Field, omit bool) string {
	if f.Type == Input {
		if msg := tooLong(f, o.Text[f.Name]); msg != "" {
			return msg
		}
	}
	if !omit && f.Mandatory && isEmpty(eff, f) {
		return s.emptyMandatory(f.Name)
	}
	return ""
}

// checkLocalized is Localizedfields::checkValidity: unless the check is
// omitted (then nothing of the container is checked, lengths included), each
// required language (Pimcore's required languages default to the valid
// ones: the class's Languages), each child in order; every failure carries
// the context "[ <container>-<lang> ]" that getAggregatedMessage appends,
// and the failures are joined with " / ".
func (s *Server) checkLocalized(o, eff *object, container Field, omit bool) string {
	if omit {
		return ""
	}
	var errs []string
	for _, lang := range s.class.Languages {
		for _, f := range container.Children {
			msg := ""
			if f.Type == Input {
				msg = tooLong(f, o.Local[f.Name][lang])
			}
			if msg == "" && f.Mandatory && eff.Local[f.Name][lang] == "" {
				msg = s.emptyMandatory(f.Name)
			}
			if msg != "" {
				errs = append(errs, msg+"[ "+container.Name+"-"+lang+" ]")
			}
		}
	}
	return strings.Join(errs, " / ")
}

// emptyMandatory is Data::checkValidity's text. In a class allowing
// inheritance, Concrete::update (and Localizedfields) check an empty value
// again with the parent's and, failing again, rethrow with " fieldname=" and
// the field's name appended.
func (s *Server) emptyMandatory(name string) string {
	msg := "Empty mandatory field [ " + name + " ]"
	if s.class.Variants {
		msg += " fieldname=" + name
	}
	return msg
}

// isEmpty is a non-localized value's emptiness as the data types' checks
// see it: no value or an empty text ("0" is not empty), a quantity value
// without a number, an unset checkbox, an image without an asset.
func isEmpty(o *object, f Field) bool {
	switch f.Type {
	case QuantityValue:
		q, ok := o.Qty[f.Name]
		return !ok || q.Value == ""
	case Checkbox:
		_, ok := o.Bool[f.Name]
		return !ok
	}
	return o.Text[f.Name] == ""
}

// tooLong is Input::checkValidity's length check (mb_strlen against the
// column length), "" when v fits.
func tooLong(f Field, v string) string {
	if utf8.RuneCountInString(v) > columnLength(f) {
		return fmt.Sprintf("Value in field [ %s ] is longer than %d characters", f.Name, columnLength(f))
	}
	return ""
}

func columnLength(f Field) int {
	if f.ColumnLength == 0 {
		return DefaultColumnLength
	}
	return f.ColumnLength
}

// tooLongForColumn is the database's refusal of a localized input longer
// than its varchar column, which a save omitting the mandatory check meets
// because Localizedfields::checkValidity then checks nothing: MySQL in
// strict mode (its default since 5.7) refuses the row, and the Datahub
// answers the exception's text (Doctrine DBAL's wording over PDO MySQL).
// It returns "" when every value fits.
func (s *Server) tooLongForColumn(o *object) string {
	for _, c := range s.class.Fields {
		if c.Type != LocalizedFields {
			continue
		}
		for _, lang := range s.class.Languages {
			for _, f := range c.Children {
				if f.Type == Input && tooLong(f, o.Local[f.Name][lang]) != "" {
					return "An exception occurred while executing a query: SQLSTATE[22001]: String data, right truncated: 1406 Data too long for column '" +
						f.Name + "' at row 1"
				}
			}
		}
	}
	return ""
}
