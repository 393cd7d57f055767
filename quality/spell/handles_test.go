package spell

import (
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
)

// tinyDir holds a two-word UTF-8 dictionary for locale xx_XX.
func tinyDir(t *testing.T) string {
	return writeDict(t, "xx_XX", "SET UTF-8\n", "2\noak\nchair\n", nil)
}

// Close frees the libhunspell handles at once, for the checkers derived
// with WithAllowed too; checking afterwards is an error (and Misspelled
// reports every word), and closing twice is harmless.
func TestCloseFreesHandles(t *testing.T) {
	before := liveHandles.Load()
	c, err := Open(tinyDir(t), []string{"xx_XX"})
	if err != nil {
		t.Fatal(err)
	}
	derived := c.WithAllowed("zorblex")
	if n := liveHandles.Load() - before; n != 1 {
		t.Fatalf("%d handles after Open, want 1", n)
	}
	c.Close()
	c.Close()
	if n := liveHandles.Load() - before; n != 0 {
		t.Errorf("%d handles after Close, want 0", n)
	}
	if _, err := derived.Check("xx_XX", "oak"); err == nil || !strings.Contains(err.Error(), "closed") {
		t.Errorf("check after Close: %v", err)
	}
	if got := c.Misspelled("xx_XX", "oak chair"); len(got) != 2 {
		t.Errorf("a closed checker passed words: %q", got)
	}
}

// A checker nobody closes frees its handles once unreachable
// (runtime.AddCleanup): the quality stage keeps one per spelling rule and
// drops it with the rule set.
func TestUnreachableCheckerFreesHandles(t *testing.T) {
	dir := tinyDir(t)
	before := liveHandles.Load()
	func() {
		c, err := Open(dir, []string{"xx_XX"})
		if err != nil {
			t.Fatal(err)
		}
		if got := c.Misspelled("xx_XX", "oak"); len(got) != 0 {
			t.Fatalf("misspelled %q", got)
		}
	}()
	// Cleanups run on their own goroutine after a collection: poll.
	for deadline := time.Now().Add(10 * time.Second); liveHandles.Load() > before; {
		if time.Now().After(deadline) {
			t.Fatalf("%d handles still live after the checker became unreachable", liveHandles.Load()-before)
		}
		runtime.GC()
		runtime.Gosched()
	}
}

// A libhunspell handle is not safe for concurrent use; several goroutines
// checking the same locales at once must get what one alone gets (run with
// -race).
func TestConcurrentChecks(t *testing.T) {
	c := system(t)
	texts := map[string][]string{
		"en_US": {"You will recieve it in seperate packaging.", "Customers' shirts aren't shoes; RUNNING quickly."},
		"de_DE": {"Hohe Qualitaet, schnelle Liferung.", "Edelstahlpfanne, Küchenstuhl und STRASSE."},
		"fr_FR": {"Ce prodiut est livré dans un emballege.", "L'enceinte, l’eau d'une chaise."},
	}
	want := map[string][]string{}
	for loc, ts := range texts {
		for _, tx := range ts {
			want[tx] = c.Misspelled(loc, tx)
		}
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8*6*50)
	for g := range 8 {
		wg.Go(func() {
			for i := range 50 {
				for loc, ts := range texts {
					tx := ts[(g+i)%len(ts)]
					if got := c.WithAllowed().Misspelled(loc, tx); !slices.Equal(got, want[tx]) {
						errs <- loc + " " + tx + ": " + strings.Join(got, " ")
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// Closing 8-bit dictionaries leaves the other checkers as they were:
// libhunspell 1.7 shares one case table among its UTF-8 handles, counted by
// its users, and destroying an 8-bit handle counted one user off that it
// never added, so enough closed 8-bit dictionaries freed the table under
// the live UTF-8 ones ("Oak" was then unknown: capitalized words could no
// longer be lowered).
func TestClosingEightBitDictionariesKeepsCase(t *testing.T) {
	c := openDict(t, tinyDir(t), "xx_XX")
	latin := writeDict(t, "xx_XX", "SET ISO8859-1\n", "1\ncafé\n", charmap.ISO8859_1)
	for i := range 20 {
		eight, err := Open(latin, []string{"xx_XX"})
		if err != nil {
			t.Fatal(err)
		}
		eight.Close()
		if got := c.Misspelled("xx_XX", "Oak OAK oak"); len(got) > 0 {
			t.Fatalf("after %d 8-bit dictionaries closed, a UTF-8 checker reports %q", i+1, got)
		}
	}
}
