package quality

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/quality/spell"
	"github.com/stewardhq/steward/transform"
)

// speller opens a spelling rule's dictionaries once, on first use: reading
// the German dictionary takes a while, validating a rules file must not.
type speller struct {
	once    sync.Once
	checker *spell.Checker
	err     error
}

// open returns the rule's checker, opening its dictionaries the first time.
func (r Rule) open() (*spell.Checker, error) {
	s := r.speller
	if s == nil {
		return nil, fmt.Errorf("rule %s: spelling dictionaries not prepared (the rule was not validated)", r.ID)
	}
	s.once.Do(func() {
		c, err := spell.Open(r.dictionaryDir(), r.Locales)
		if err != nil {
			s.err = fmt.Errorf("rule %s: %w", r.ID, err)
			return
		}
		s.checker = c.WithAllowed(r.Allow...)
	})
	return s.checker, s.err
}

func (r Rule) dictionaryDir() string {
	if r.Dictionaries != "" {
		return r.Dictionaries
	}
	return spell.DefaultDir
}

// textAttributes are the attributes a spelling rule reads.
func (r Rule) textAttributes() []string {
	if len(r.Attributes) > 0 {
		return r.Attributes
	}
	return []string{r.Attribute}
}

// checkSpelling validates a spelling rule: locales and attributes are
// given, and each locale's dictionary is installed (a missing one names the
// Debian package that ships it).
func checkSpelling(loc *config.Locator, p string, r *Rule) config.Problems {
	var ps config.Problems
	if len(r.Locales) == 0 {
		ps = append(ps, loc.Problem(p+".locales", "locales is empty", "the locales whose texts are checked, e.g. [en_US, de_DE]"))
	}
	if r.Attribute == "" && len(r.Attributes) == 0 {
		ps = append(ps, loc.Problem(p+".attributes", "attributes is empty", "the text attributes checked, e.g. [name, description]"))
	}
	for i, l := range r.Locales {
		if err := spell.Available(r.dictionaryDir(), l); err != nil {
			ps = append(ps, loc.Problem(fmt.Sprintf("%s.locales[%d]", p, i), err.Error(),
				fmt.Sprintf("apt-get install %s, or set dictionaries: to the folder holding the .aff and .dic files", spell.Package(l))))
		}
	}
	r.speller = &speller{}
	return ps
}

// spellingOutcomes checks every text value of the rule's attributes in its
// locales (and channels, when given): one outcome per value, a violation
// naming the unknown words. Values without a locale are not checked: their
// language is not known.
func (r Rule) spellingOutcomes(p *transform.Product) []outcome {
	checker, err := r.open()
	if err != nil {
		return nil // Check opened every rule's dictionaries before the first product
	}
	attrs := r.textAttributes()
	var out []outcome
	for _, v := range p.Values {
		if !slices.Contains(attrs, v.Attribute) || !slices.Contains(r.Locales, v.Locale) || !v.Textual() || blank(v.Text) ||
			(len(r.Channels) > 0 && !slices.Contains(r.Channels, v.Channel)) {
			continue
		}
		o := outcome{applicable: true, slot: slot{locale: v.Locale, channel: v.Channel}}
		if bad := checker.Misspelled(v.Locale, v.Text); len(bad) > 0 {
			msg := fmt.Sprintf("%s in %s: unknown word%s %s", v.Attribute, v.Locale, plural(len(bad)), quoteAll(bad))
			o.violation = r.violation(p, v.Attribute, o.slot, msg)
			o.violation.Value = clip(strings.Join(bad, " "))
		}
		out = append(out, o)
	}
	return out
}

// openDictionaries opens the dictionaries of every spelling rule, so that
// one that cannot be read fails the check before the first product.
func (rs *RuleSet) openDictionaries() error {
	for _, r := range rs.Rules {
		if r.Type != TypeSpelling {
			continue
		}
		if _, err := r.open(); err != nil {
			return fmt.Errorf("check spelling: %w", err)
		}
	}
	return nil
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func quoteAll(words []string) string {
	q := make([]string, len(words))
	for i, w := range words {
		q[i] = fmt.Sprintf("%q", w)
	}
	return strings.Join(q, ", ")
}
