package filedrop

import (
	"io/fs"
	"os"
	"testing"

	"github.com/stewardhq/steward/internal/record"
)

// Review (issue 7): a file of two pages is rewritten after it was hashed and
// before it is read. Its first page is yielded (and stored by the runner)
// before the end-of-file hash check notices the change; the check's error
// says the file "is read again once it is still", but the rerun from the
// stored cursor refuses to start: the cursor names the old hash, which no
// file in the folder has any more. The job is stuck until a person resets
// its state, and the stored first page came from bytes never verified.
func TestReviewChangedMultiPageFileIsReadAgain(t *testing.T) {
	dir := t.TempDir()
	drop(t, dir, "p.csv", pricesHeader+"K1;S1;1;EUR;;\nK2;S2;2;EUR;;\n", 0)
	e := newExtractor(t, dir, pricesSettings, "prices", 1)
	stats := 0
	e.folder.Stat = func(p string) (fs.FileInfo, error) {
		if stats++; stats == 2 { // after hashing: rewrite in place
			drop(t, dir, "p.csv", pricesHeader+"K8;S1;1;EUR;;\nK9;S2;2;EUR;;\n", 0)
		}
		return os.Stat(p)
	}
	stored := record.Cursor{}
	var last error
	for page, err := range e.Extract(t.Context(), record.Cursor{}) {
		if err != nil {
			last = err
			break
		}
		stored = page.Cursor // the runner stores each page with its cursor
	}
	if last == nil {
		t.Fatal("the change was not noticed")
	}
	t.Logf("first run: %v (stored cursor in pass: %v)", last, stored.InPass())
	var keys []string
	for page, err := range newExtractor(t, dir, pricesSettings, "prices", 1).Extract(t.Context(), stored) {
		if err != nil {
			t.Fatalf("rerun after the file is still: %v", err)
		}
		for _, r := range page.Records {
			keys = append(keys, r.Key)
		}
	}
	if len(keys) != 2 {
		t.Fatalf("rerun staged %v; want the file's two rows", keys)
	}
}
