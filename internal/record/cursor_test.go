package record

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestCursorRoundTrip(t *testing.T) {
	c := Cursor{Watermark: time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC), Next: "http://x/next"}
	b, err := c.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	got, err := ParseCursor(b)
	if err != nil {
		t.Fatal(err)
	}
	if !got.Watermark.Equal(c.Watermark) || got.Next != c.Next {
		t.Fatalf("round trip: got %+v want %+v", got, c)
	}
}

func TestParseCursorCorrupt(t *testing.T) {
	for _, in := range []string{`{"v":1,"watermark":`, `{"v":7}`, `nonsense`, `{}`} {
		if _, err := ParseCursor([]byte(in)); !errors.Is(err, ErrCorruptCursor) {
			t.Errorf("ParseCursor(%q) = %v, want ErrCorruptCursor", in, err)
		}
	}
	if c, err := ParseCursor(nil); err != nil || !c.Watermark.IsZero() {
		t.Errorf("empty cursor: %+v %v", c, err)
	}
}

func TestFinishNeverRegresses(t *testing.T) {
	w := time.Date(2024, 5, 2, 0, 0, 0, 0, time.UTC)
	c := Cursor{Watermark: w, Next: "n"}
	c.Observe(w.Add(-time.Hour))
	if got := c.Finish(); !got.Watermark.Equal(w) || got.InPass() {
		t.Fatalf("finish: %+v", got)
	}
	c.Observe(w.Add(time.Hour))
	if got := c.Finish(); !got.Watermark.Equal(w.Add(time.Hour)) {
		t.Fatalf("finish: %+v", got)
	}
}

// A cursor written before partitions existed still reads, and a cursor
// without partitions is still written as version 1.
func TestCursorVersion1StillReads(t *testing.T) {
	old := `{"v":1,"watermark":"2024-05-01T00:00:00Z","next":"http://x/next","pass_max":"2024-05-02T00:00:00Z"}`
	c, err := ParseCursor([]byte(old))
	if err != nil || c.Next != "http://x/next" || !c.InPass() || len(c.Partitions) != 0 {
		t.Fatalf("version 1 cursor: %+v, %v", c, err)
	}
	b, _ := c.Marshal()
	if !strings.Contains(string(b), `"v":1,`) {
		t.Errorf("a cursor without partitions was written as %s; want version 1", b)
	}
}

// A partitioned pass is in the pass while any partition is, round-trips as
// version 2, and finishing it drops the partitions.
func TestCursorPartitions(t *testing.T) {
	c := Cursor{PassMax: time.Date(2024, 5, 2, 0, 0, 0, 0, time.UTC), Partitions: []Partition{{Next: "a"}, {}}}
	if !c.InPass() {
		t.Fatal("a cursor with an unfinished partition is not in the pass")
	}
	b, err := c.Marshal()
	if err != nil || !strings.Contains(string(b), `"v":2,`) {
		t.Fatalf("partitioned cursor written as %s (%v); want version 2", b, err)
	}
	got, err := ParseCursor(b)
	if err != nil || len(got.Partitions) != 2 || got.Partitions[0].Next != "a" || got.Partitions[1].Next != "" {
		t.Fatalf("round trip: %+v, %v", got, err)
	}
	if f := got.Finish(); f.InPass() || f.Partitions != nil || !f.Watermark.Equal(c.PassMax) {
		t.Fatalf("finish: %+v", f)
	}
	if _, err := ParseCursor([]byte(`{"v":3}`)); !errors.Is(err, ErrCorruptCursor) {
		t.Errorf("a cursor from a newer build read without error: %v", err)
	}
}
