package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/stewardhq/steward/config"
	"github.com/stewardhq/steward/internal/connector"
	"github.com/stewardhq/steward/internal/httpx"
	"github.com/stewardhq/steward/quality"
)

// checkRuleRefs prints every rule that names an attribute, locale or channel
// the job's PIM does not have, and returns how many it printed. A job is
// checked against its extract system when that system's kind has a schema
// reader (its kind's Schema) and it answered the probe.
func (a *app) checkRuleRefs(ctx context.Context, f *config.File, clients map[string]*httpx.Client) (int, error) {
	known := map[string]quality.PIMSchema{}
	seen := map[string]bool{}
	n := 0
	for _, j := range f.Jobs {
		pim, path := j.Extract.System, f.RulesPath(j)
		h, ok := clients[pim]
		if path == "" || !ok || seen[pim+"\x00"+path] {
			continue
		}
		seen[pim+"\x00"+path] = true
		schema, ok := known[pim]
		if !ok {
			var err error
			settings := func(connector.Kind) (any, error) { return a.settings[pim], nil }
			schema, err = readSchema(ctx, connectors(), f, pim, settings, func() (*httpx.Client, error) { return h, nil })
			if errors.Is(err, errNoSchema) {
				continue
			}
			if err != nil {
				a.printf("%s (%s): FAILED: %s\n", pim, f.Systems[pim].Kind, oneLine(err.Error()))
				n++
				continue
			}
			known[pim] = schema
		}
		ps, err := ruleRefProblems(path, pim, schema)
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

// refMessages say, per kind of reference, what is wrong and what the PIM has.
var refMessages = map[string]struct{ msg, hint string }{
	"attribute": {"attribute %q does not exist in PIM %s", "attributes there: "},
	"locale":    {"locale %q is not enabled in PIM %s", "enabled locales there: "},
	"channel":   {"channel %q does not exist in PIM %s", "channels there: "},
}

// ruleRefProblems loads the rules file at path and reports, with positions,
// every reference quality.UnknownReferences finds unknown to the PIM named pim.
func ruleRefProblems(path, pim string, schema quality.PIMSchema) (config.Problems, error) {
	rs, err := quality.LoadRules(path)
	if err != nil {
		return nil, err
	}
	data, err := config.ReadFile(path)
	if err != nil {
		return nil, err
	}
	loc, _ := config.Decode(path, data, &quality.RuleFile{})
	have := map[string][]string{"attribute": schema.Attributes, "locale": schema.Locales, "channel": schema.Channels}
	var ps config.Problems
	for _, u := range quality.UnknownReferences(rs.Rules, schema) {
		m := refMessages[u.Kind]
		ps = append(ps, loc.Problem(refKey(rs.Rules, u), fmt.Sprintf(m.msg, u.Ref, pim), m.hint+codeList(have[u.Kind])))
	}
	return ps, nil
}

// refKey is the key path of an unknown reference in the rules file, so its
// problem carries the line and column of the reference itself.
func refKey(rules []quality.Rule, u quality.UnknownReference) string {
	i := slices.IndexFunc(rules, func(r quality.Rule) bool { return r.ID == u.Rule })
	if i < 0 {
		return "rules"
	}
	p := fmt.Sprintf("rules[%d]", i)
	var list []string
	switch u.Kind {
	case "locale":
		list, p = rules[i].Locales, p+".locales"
	case "channel":
		list, p = rules[i].Channels, p+".channels"
	default:
		return p + ".attribute"
	}
	if n := slices.Index(list, u.Ref); n >= 0 {
		return fmt.Sprintf("%s[%d]", p, n)
	}
	return p
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
