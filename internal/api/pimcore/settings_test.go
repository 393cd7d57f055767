package pimcore_test

import (
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/api/pimcore"
)

func TestSettingsDefaults(t *testing.T) {
	s := sandboxSettings(t)
	if s.PageSize != pimcore.DefaultPageSize || s.Path() != "/pimcore-graphql-webservices/steward" {
		t.Errorf("settings %+v", s)
	}
	if !s.OmitMandatoryCheck {
		t.Errorf("omit_mandatory_check defaults to false, want true")
	}
	if s, _ := pimcore.DecodeSettings(parse(t, "http://127.0.0.1:1", sandboxSection+"      omit_mandatory_check: false\n"), "pim"); s.OmitMandatoryCheck {
		t.Errorf("omit_mandatory_check: false decodes as true")
	}
	if fn, fd, ok := s.FieldOf("description_draft"); !ok || fn != "descriptionDraft" || !fd.Localized || fd.Channel != "ecommerce" {
		t.Errorf("description_draft maps to %q %+v", fn, fd)
	}
}

// Every problem comes at once, each at its line and column with a hint.
func TestSettingsProblems(t *testing.T) {
	section := `      endpoint: "a/b"
      class: "Pro duct"
      price_field: price
      currency: eur
      draft_field: draft
      page_size: 0
      fieldz: {}
      fields:
        name: {attribute: name, kind: text, localized: true}
        made: {attribute: made, kind: date}
        id: {attribute: name, kind: text, localized: true}
`
	_, ps := pimcore.DecodeSettings(parse(t, "http://127.0.0.1:1", section), "pim")
	want := []string{
		`:10:7: systems.pim.settings.endpoint: endpoint "a/b"`,
		`:11:7: systems.pim.settings.class: class "Pro duct" is not a GraphQL name`,
		`:13:7: systems.pim.settings.currency: currency "eur"`,
		`:14:7: systems.pim.settings.draft_field: draft_field "draft" is not one of fields`,
		`:15:7: systems.pim.settings.page_size`,
		`:16:7: systems.pim.settings.fieldz: unknown key "fieldz" (hint: did you mean "fields"?)`,
		`systems.pim.settings.fields.name.localized: a localized field needs languages`,
		`systems.pim.settings.fields.made.kind: kind "date" is not supported`,
		`systems.pim.settings.fields.id: field "id" is a system`,
		`:18:16: systems.pim.settings.fields.name.attribute: attribute "name" (channel "") is mapped by id too`,
	}
	text := ps.Error()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("problems lack %q:\n%s", w, text)
		}
	}
	if ps := pimcore.CheckSettings(parse(t, "http://127.0.0.1:1", sandboxSection), "pim"); len(ps) > 0 {
		t.Errorf("the sandbox settings have problems: %v", ps)
	}
}

// partitions defaults to 4 and stays within 1 to 8: the Datahub has no
// limit of its own, so steward bounds the load of one pass.
func TestSettingsPartitions(t *testing.T) {
	if s := sandboxSettings(t); s.Partitions != pimcore.DefaultPartitions || pimcore.DefaultPartitions != 4 {
		t.Errorf("default partitions %d, want 4", s.Partitions)
	}
	for _, c := range []struct {
		n  string
		ok bool
	}{{"0", false}, {"1", true}, {"8", true}, {"9", false}} {
		_, ps := pimcore.DecodeSettings(parse(t, "http://127.0.0.1:1", sandboxSection+"      partitions: "+c.n+"\n"), "pim")
		if got := !strings.Contains(ps.Error(), "systems.pim.settings.partitions: partitions "+c.n+" is outside 1 to 8"); got != c.ok {
			t.Errorf("partitions %s: problems %v", c.n, ps)
		}
	}
}
