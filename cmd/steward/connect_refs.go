package main

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/stewardhq/steward/config"
	akeneoapi "github.com/stewardhq/steward/internal/api/akeneo"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/quality"
)

// pimCatalog is what the rules reference check needs from a PIM: the codes of
// a reference-data resource (attributes, locales, channels).
type pimCatalog interface {
	Codes(ctx context.Context, resource string) ([]string, error)
}

// pimCodes are the attribute codes, enabled locales and channels a PIM has.
type pimCodes struct {
	Attributes, Locales, Channels []string
}

func fetchPIMCodes(ctx context.Context, c pimCatalog) (pimCodes, error) {
	var k pimCodes
	for _, r := range []struct {
		name string
		into *[]string
	}{{"attributes", &k.Attributes}, {"locales", &k.Locales}, {"channels", &k.Channels}} {
		codes, err := c.Codes(ctx, r.name)
		if err != nil {
			return k, err
		}
		*r.into = codes
	}
	return k, nil
}

// checkRuleRefs prints every rule that names an attribute, locale or channel
// the job's PIM does not have, and returns how many it printed. A job is
// checked against its extract system when that is an Akeneo PIM that answered
// the probe.
func (a *app) checkRuleRefs(ctx context.Context, f *config.File, clients map[string]*httpx.Client) (int, error) {
	known := map[string]pimCodes{}
	seen := map[string]bool{}
	n := 0
	for _, j := range f.Jobs {
		pim, path := j.Extract.System, f.RulesPath(j)
		h, ok := clients[pim]
		if path == "" || !ok || f.Systems[pim].Kind != "akeneo" || seen[pim+"\x00"+path] {
			continue
		}
		seen[pim+"\x00"+path] = true
		codes, ok := known[pim]
		if !ok {
			var err error
			if codes, err = fetchPIMCodes(ctx, akeneoapi.New(h)); err != nil {
				a.printf("%s (akeneo): FAILED: %s\n", pim, oneLine(err.Error()))
				n++
				continue
			}
			known[pim] = codes
		}
		ps, err := ruleRefProblems(path, pim, codes)
		if err != nil {
			return n, err
		}
		for _, p := range ps {
			a.printf("%s\n", p.Error())
		}
		n += len(ps)
	}
	return n, nil
}

// ruleRefProblems loads the rules file at path and reports, with positions,
// every reference unknown to the PIM named pim.
//
// This is a local stand-in, kept small on purpose: the quality package is
// getting an exported check of rules against a PIM's codes (issue 6 #25); swap
// it in here when it lands, keeping the positions from the Locator.
func ruleRefProblems(path, pim string, k pimCodes) (config.Problems, error) {
	rs, err := quality.LoadRules(path)
	if err != nil {
		return nil, err
	}
	data, err := config.ReadFile(path)
	if err != nil {
		return nil, err
	}
	loc, _ := config.Decode(path, data, &quality.RuleFile{})
	var ps config.Problems
	unknown := func(key, code string, have []string, msg, hint string) {
		if code != "" && !slices.Contains(have, code) {
			ps = append(ps, loc.Problem(key, fmt.Sprintf(msg, code, pim), hint+codeList(have)))
		}
	}
	for i, r := range rs.Rules {
		p := fmt.Sprintf("rules[%d]", i)
		unknown(p+".attribute", r.Attribute, k.Attributes, "attribute %q does not exist in PIM %s", "attributes there: ")
		for n, l := range r.Locales {
			unknown(fmt.Sprintf("%s.locales[%d]", p, n), l, k.Locales, "locale %q is not enabled in PIM %s", "enabled locales there: ")
		}
		for n, c := range r.Channels {
			unknown(fmt.Sprintf("%s.channels[%d]", p, n), c, k.Channels, "channel %q does not exist in PIM %s", "channels there: ")
		}
	}
	return ps, nil
}

// codeList shows up to 12 codes.
func codeList(codes []string) string {
	if len(codes) > 12 {
		return strings.Join(codes[:12], ", ") + fmt.Sprintf(", … (%d in all)", len(codes))
	}
	if len(codes) == 0 {
		return "none"
	}
	return strings.Join(codes, ", ")
}
