package filedrop

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/record"
)

// TestSameFileDroppedTwice: the same bytes under two names in one pass are
// staged once; dropped again later under a third name they are not staged
// at all. Every copy ends in processed/.
func TestSameFileDroppedTwice(t *testing.T) {
	dir := t.TempDir()
	body := pricesHeader + "K1;S1;1;EUR;;\nK2;S2;2;EUR;;\n"
	drop(t, dir, "prices.csv", body, 0)
	drop(t, dir, "prices-copy.csv", body, 1)
	e := newExtractor(t, dir, pricesSettings, "prices", 100)
	res := run(t, e, record.Cursor{}, true, 0)
	if !slices.Equal(keys(res.recs), []string{"K1", "K2"}) {
		t.Fatalf("staged %v", keys(res.recs))
	}
	if got := ls(t, dir, "processed"); !slices.Equal(got, []string{"prices-copy.csv", "prices.csv"}) {
		t.Fatalf("processed %v", got)
	}
	drop(t, dir, "prices.csv", body, 5) // the same name again: kept beside the first
	res = run(t, newExtractor(t, dir, pricesSettings, "prices", 100), res.last, true, 0)
	if len(res.pages) != 0 {
		t.Fatalf("the same bytes dropped again gave %d pages", len(res.pages))
	}
	if got := ls(t, dir, "processed"); len(got) != 3 || ls(t, dir, "") != nil {
		t.Fatalf("processed %v, folder %v", got, ls(t, dir, ""))
	}
}

// TestKillBetweenStoreAndMove: the run stores the cursor of a file's last
// page and dies before moving it. The rerun from that cursor stages nothing
// of it again and moves it.
func TestKillBetweenStoreAndMove(t *testing.T) {
	dir := t.TempDir()
	drop(t, dir, "a.csv", pricesHeader+"K1;S1;1;EUR;;\n", 0)
	drop(t, dir, "b.csv", pricesHeader+"K2;S2;2;EUR;;\n", 1)
	first := run(t, newExtractor(t, dir, pricesSettings, "prices", 100), record.Cursor{}, false, 1)
	if !slices.Equal(keys(first.recs), []string{"K1"}) || !slices.Equal(ls(t, dir, ""), []string{"a.csv", "b.csv"}) {
		t.Fatalf("first run: staged %v, folder %v", keys(first.recs), ls(t, dir, ""))
	}
	rerun := run(t, newExtractor(t, dir, pricesSettings, "prices", 100), first.last, true, 0)
	if !slices.Equal(keys(rerun.recs), []string{"K2"}) {
		t.Fatalf("rerun staged %v, want only K2", keys(rerun.recs))
	}
	if got := ls(t, dir, "processed"); !slices.Equal(got, []string{"a.csv", "b.csv"}) {
		t.Fatalf("processed %v", got)
	}
}

// TestResumeMidFile: a run killed after some pages of a file resumes after
// the last stored page; together the runs stage exactly what one run does,
// quarantined rows included.
func TestResumeMidFile(t *testing.T) {
	body := pricesHeader + "K1;S1;1;EUR;;\nK2;S2;x;EUR;;\nK3;S3;3;EUR;;\nK4;S4;4;EUR;;\nK5;S5;5;EUR;;\n"
	whole := t.TempDir()
	drop(t, whole, "p.csv", body, 0)
	want := run(t, newExtractor(t, whole, pricesSettings, "prices", 2), record.Cursor{}, true, 0)
	if len(want.pages) != 3 || len(want.recs) != 4 || len(want.bad) != 1 {
		t.Fatalf("uninterrupted: %d pages, %v, %+v", len(want.pages), keys(want.recs), want.bad)
	}
	for kill := 1; kill < len(want.pages); kill++ {
		dir := t.TempDir()
		drop(t, dir, "p.csv", body, 0)
		first := run(t, newExtractor(t, dir, pricesSettings, "prices", 2), record.Cursor{}, true, kill)
		if !first.last.InPass() {
			t.Fatalf("kill after page %d: cursor not inside the file: %+v", kill, first.last)
		}
		rest := run(t, newExtractor(t, dir, pricesSettings, "prices", 2), first.last, true, 0)
		got := append(keys(first.recs), keys(rest.recs)...)
		bad := append(first.bad, rest.bad...)
		if !slices.Equal(got, keys(want.recs)) || len(bad) != 1 || bad[0].Reason != want.bad[0].Reason {
			t.Fatalf("kill after page %d: staged %v and %+v, want %v and %+v", kill, got, bad, keys(want.recs), want.bad)
		}
		if rest.last.State != want.last.State || !slices.Equal(ls(t, dir, "processed"), []string{"p.csv"}) {
			t.Fatalf("kill after page %d: state %s, want %s", kill, rest.last.State, want.last.State)
		}
	}
}

// TestFilesInOrder: files are read oldest first, names breaking ties.
func TestFilesInOrder(t *testing.T) {
	dir := t.TempDir()
	drop(t, dir, "c.csv", pricesHeader+"K1;S;1;EUR;;\n", 0)
	drop(t, dir, "b.csv", pricesHeader+"K3;S;1;EUR;;\n", 1)
	drop(t, dir, "a.csv", pricesHeader+"K2;S;1;EUR;;\n", 1)
	res := run(t, newExtractor(t, dir, pricesSettings, "prices", 100), record.Cursor{}, true, 0)
	if !slices.Equal(keys(res.recs), []string{"K1", "K2", "K3"}) {
		t.Fatalf("order %v", keys(res.recs))
	}
}

// TestResumeFileGone: a cursor inside a file that is no longer there is a
// clear error, not a silent skip.
func TestResumeFileGone(t *testing.T) {
	e := newExtractor(t, t.TempDir(), pricesSettings, "prices", 100)
	cur := record.Cursor{Next: `{"file":"p.csv","sha256":"00ff","rows":2}`}
	for _, err := range e.Extract(t.Context(), cur) {
		if err == nil || !strings.Contains(err.Error(), "p.csv (sha256 00ff) was being read") {
			t.Fatalf("err = %v", err)
		}
		return
	}
	t.Fatal("no error")
}

// TestNDJSONPrices: NDJSON lines map like CSV rows; numbers keep their text.
func TestNDJSONPrices(t *testing.T) {
	dir := t.TempDir()
	drop(t, dir, "p.ndjson", `{"KONDNR":"K1","MATNR":"S1","PREIS":12.5,"WAEHRUNG":"EUR","AB":"2026-03-01","GEAENDERT":"2026-02-01T00:00:00Z"}
{"KONDNR":"K2","MATNR":"S2","PREIS":"abc","WAEHRUNG":"EUR"}
`, 0)
	res := run(t, newExtractor(t, dir, pricesSettings+"\n      format: ndjson", "prices", 100), record.Cursor{}, true, 0)
	if !slices.Equal(keys(res.recs), []string{"K1"}) || len(res.bad) != 1 || !strings.Contains(res.bad[0].Reason, `p.ndjson:2: column "PREIS"`) {
		t.Fatalf("staged %v quarantined %+v", keys(res.recs), res.bad)
	}
	if !strings.Contains(string(res.recs[0].Payload), `"amount":"12.50"`) {
		t.Fatalf("payload %s", res.recs[0].Payload)
	}
}

// TestKillBeforeRejectMove: the page quarantining a rejected file is stored
// but the run dies before moving it; the rerun moves it to rejected/ with its
// reason and quarantines nothing again.
func TestKillBeforeRejectMove(t *testing.T) {
	dir := t.TempDir()
	drop(t, dir, "bad.csv", "\xFF\xFEK\x00", 0)
	first := run(t, newExtractor(t, dir, pricesSettings, "prices", 100), record.Cursor{}, false, 0)
	if len(first.bad) != 1 || !slices.Equal(ls(t, dir, ""), []string{"bad.csv"}) {
		t.Fatalf("first run: quarantined %+v, folder %v", first.bad, ls(t, dir, ""))
	}
	rerun := run(t, newExtractor(t, dir, pricesSettings, "prices", 100), first.last, true, 0)
	if len(rerun.pages) != 0 || !slices.Equal(ls(t, dir, "rejected"), []string{"bad.csv", "bad.csv.reason.txt"}) {
		t.Fatalf("rerun: %d pages, rejected/ %v", len(rerun.pages), ls(t, dir, "rejected"))
	}
	reason, _ := os.ReadFile(filepath.Join(dir, "rejected", "bad.csv.reason.txt"))
	if !strings.Contains(string(reason), "UTF-16 byte order mark") {
		t.Fatalf("reason %q", reason)
	}
}

// TestCancelled: a cancelled run yields the context's error and reads nothing.
func TestCancelled(t *testing.T) {
	dir := t.TempDir()
	drop(t, dir, "p.csv", pricesHeader+"K1;S1;1;EUR;;\n", 0)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	for page, err := range newExtractor(t, dir, pricesSettings, "prices", 100).Extract(ctx, record.Cursor{}) {
		if !errors.Is(err, context.Canceled) || len(page.Records) != 0 {
			t.Fatalf("page %+v, err %v", page, err)
		}
	}
}

// TestFileChangedWhileRead: bytes that differ from those hashed when the file
// was found complete (a writer that keeps size and mtime) fail the read
// before the file is finished; it stays in the folder.
func TestFileChangedWhileRead(t *testing.T) {
	dir := t.TempDir()
	drop(t, dir, "p.csv", pricesHeader+"K1;S1;1;EUR;;\n", 0)
	e := newExtractor(t, dir, pricesSettings, "prices", 100)
	stats := 0
	e.folder.Stat = func(p string) (fs.FileInfo, error) {
		if stats++; stats == 2 { // after hashing: rewrite in place
			drop(t, dir, "p.csv", pricesHeader+"K9;S1;1;EUR;;\n", 0)
		}
		return os.Stat(p)
	}
	var last error
	for page, err := range e.Extract(t.Context(), record.Cursor{}) {
		if err == nil && !page.Cursor.InPass() && page.Cursor.State != "" {
			t.Fatalf("changed file finished: %+v", page)
		}
		last = err
	}
	if last == nil || !strings.Contains(last.Error(), "p.csv: the file changed while it was read") {
		t.Fatalf("err = %v", last)
	}
	if got := ls(t, dir, ""); !slices.Equal(got, []string{"p.csv"}) {
		t.Fatalf("folder %v", got)
	}
}
