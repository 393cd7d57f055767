package spell

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
)

// systemOnce opens the installed dictionaries once for all tests.
var systemOnce = sync.OnceValues(func() (*Checker, error) {
	return Open(DefaultDir, []string{"en_US", "de_DE", "fr_FR"})
})

// system opens the Debian dictionaries. It skips, naming the reason, only
// where they are not installed and STEWARD_REQUIRE_DICTIONARIES is unset;
// CI sets it so that these tests cannot pass by skipping.
func system(t testing.TB) *Checker {
	t.Helper()
	c, err := systemOnce()
	if err == nil {
		return c
	}
	if os.Getenv("STEWARD_REQUIRE_DICTIONARIES") == "" {
		for _, f := range []string{"en_US.dic", "de_DE.dic", "fr.dic"} {
			if _, statErr := os.Stat(filepath.Join(DefaultDir, f)); statErr != nil {
				t.Skipf("hunspell dictionaries not installed (%v); apt-get install hunspell-en-us hunspell-de-de hunspell-fr", err)
			}
		}
	}
	t.Fatal(err)
	return nil
}

func TestRealMisspellingsFound(t *testing.T) {
	c := system(t)
	for _, tc := range []struct{ locale, text, want string }{
		{"en_US", "You will recieve it in seperate packaging for every occassion.", "recieve seperate occassion"},
		{"en_US", "Teh goverment definately agreed.", "Teh goverment definately"},
		{"de_DE", "Hohe Qualitaet, schnelle Liferung in stabiler Verpakung.", "Qualitaet Liferung Verpakung"},
		{"de_DE", "Eine qualität aus Stahlqualitaet.", "qualität Stahlqualitaet"},
		{"fr_FR", "Ce prodiut est livré dans un emballege.", "prodiut emballege"},
	} {
		if got := strings.Join(c.Misspelled(tc.locale, tc.text), " "); got != tc.want {
			t.Errorf("%s %q: misspelled %q, want %q", tc.locale, tc.text, got, tc.want)
		}
	}
}

func TestCorrectTextPasses(t *testing.T) {
	c := system(t)
	for _, tc := range []struct{ locale, text string }{
		{"en_US", "This chair is made of oak. You will receive it in separate recyclable packaging, suitable for every occasion."},
		{"en_US", "Customers' shirts aren't shoes; RUNNING quickly brings happiness."},
		{"de_DE", "Dieses Produkt aus Eichenholz überzeugt durch hohe Qualität. Die Lieferung erfolgt in separater Verpackung."},
		{"de_DE", "Edelstahlpfanne, Küchenstuhl und Bluetooth-Lautsprecher: Gartenstühle mit Gewährleistung."},
		{"fr_FR", "Ce produit en chêne est livré dans un emballage recyclable, idéal pour toutes les occasions."},
		{"fr_FR", "L'enceinte, l’eau d'une chaise : aujourd'hui très abordables."},
	} {
		if got := c.Misspelled(tc.locale, tc.text); len(got) != 0 {
			t.Errorf("%s %q: misspelled %q", tc.locale, tc.text, got)
		}
	}
}

func TestCodesNumbersUnitsAddressesSkipped(t *testing.T) {
	c := system(t)
	text := "SKU-0000012 (EAN 4000055130567) weighs 1.5 kg, 40cm wide, 12,50 EUR; see https://shop.example/xq-zz, www.zzqx.example or info@zzqx.example; USB LED; H₂O"
	if got := c.Misspelled("en_US", text); len(got) != 0 {
		t.Errorf("misspelled %q", got)
	}
}

func TestAllowList(t *testing.T) {
	c := system(t)
	text := "The Kvadrat Zorblex lamp"
	if got := c.Misspelled("en_US", text); !reflect.DeepEqual(got, []string{"Kvadrat", "Zorblex"}) {
		t.Fatalf("without the allow list: %q", got)
	}
	if got := c.WithAllowed("kvadrat", "Zorblex").Misspelled("en_US", text); len(got) != 0 {
		t.Errorf("allowed brand names reported: %q", got)
	}
	if got := c.Misspelled("en_US", text); len(got) != 2 {
		t.Errorf("WithAllowed changed the original checker: %q", got)
	}
}

func TestMissingDictionaryNamesFileAndPackage(t *testing.T) {
	dir := t.TempDir()
	_, err := Open(dir, []string{"de_DE"})
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "de_DE.aff")) || !strings.Contains(err.Error(), "hunspell-de-de") {
		t.Fatalf("no dictionary: %v", err)
	}
	if err := os.WriteFile(filepath.Join(dir, "fr.aff"), []byte("SET UTF-8\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Open(dir, []string{"fr_FR"})
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "fr.dic")) || !strings.Contains(err.Error(), "hunspell-fr") {
		t.Fatalf("no .dic beside the .aff: %v", err)
	}
}

func TestUnopenedLocale(t *testing.T) {
	c, err := Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Check("it_IT", "ciao mondo"); err == nil || !strings.Contains(err.Error(), "it_IT") {
		t.Errorf("check in a locale not opened: %v", err)
	}
	if got := c.Misspelled("it_IT", "ciao mondo"); len(got) != 2 {
		t.Errorf("a locale not opened passed silently: %q", got)
	}
}
