package record

import (
	"errors"
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
