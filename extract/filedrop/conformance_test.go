package filedrop

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/record"
)

// The conformance suite (extract/extracttest) drives an HTTP emulator through
// fault switches (429, 5xx, truncated bodies, HTML pages, foreign next
// links); a folder has none of them. Its paging, resume and cancellation
// checks are made here over a folder: every record once whatever page the
// run is killed after, across several files.

// TestFolderPagingAndResume: 3 files of 7 rows with pages of 3 rows; a run
// killed after any page and rerun from its stored cursor stages every record
// exactly once, and every file ends in processed/.
func TestFolderPagingAndResume(t *testing.T) {
	setup := func(dir string) []string {
		var all []string
		for f := range 3 {
			var b strings.Builder
			b.WriteString(pricesHeader)
			for r := range 7 {
				key := fmt.Sprintf("K%d-%d", f, r)
				all = append(all, key)
				fmt.Fprintf(&b, "%s;S%d;%d.5;EUR;;\n", key, r, r)
			}
			drop(t, dir, fmt.Sprintf("f%d.csv", f), b.String(), f)
		}
		return all
	}
	dir := t.TempDir()
	all := setup(dir)
	whole := run(t, newExtractor(t, dir, pricesSettings, "prices", 3), record.Cursor{}, true, 0)
	if !slices.Equal(keys(whole.recs), all) || len(whole.pages) != 9 {
		t.Fatalf("uninterrupted: %d pages, %v", len(whole.pages), keys(whole.recs))
	}
	for kill := 1; kill < len(whole.pages); kill++ {
		dir := t.TempDir()
		setup(dir)
		first := run(t, newExtractor(t, dir, pricesSettings, "prices", 3), record.Cursor{}, kill%2 == 0, kill)
		rest := run(t, newExtractor(t, dir, pricesSettings, "prices", 3), first.last, true, 0)
		if got := append(keys(first.recs), keys(rest.recs)...); !slices.Equal(got, all) {
			t.Fatalf("killed after page %d: staged %v", kill, got)
		}
		if got := ls(t, dir, "processed"); len(got) != 3 || ls(t, dir, "") != nil {
			t.Fatalf("killed after page %d: processed %v, left %v", kill, got, ls(t, dir, ""))
		}
		if rest.last.State != whole.last.State || !rest.last.Watermark.Equal(whole.last.Watermark) {
			t.Fatalf("killed after page %d: cursor %+v, want %+v", kill, rest.last, whole.last)
		}
	}
}
