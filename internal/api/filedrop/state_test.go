package filedrop

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/record"
)

const hashA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

// TestStateRoundTrip: finished files survive encoding with their outcome,
// keyed by the first HashDigits digits; the oldest fall out past MaxDone.
func TestStateRoundTrip(t *testing.T) {
	st, _ := ParseState("")
	st = st.With(hashA, Processed).With(strings.Repeat("b", 64), Rejected)
	back, err := ParseState(st.String())
	if err != nil || back.Outcome(hashA) != Processed || back.Outcome(strings.Repeat("b", 64)) != Rejected || back.Outcome(strings.Repeat("c", 64)) != 0 {
		t.Fatalf("round trip of %s: %v", st, err)
	}
	if want := `{"done":["p` + hashA[:HashDigits] + `","r` + strings.Repeat("b", HashDigits) + `"]}`; st.String() != want {
		t.Fatalf("encoding %s, want %s", st, want)
	}
	for i := range MaxDone {
		st = st.With(fmt.Sprintf("%08d", i)+strings.Repeat("0", 56), Processed)
	}
	if st.Outcome(hashA) != 0 || len(st.order) != MaxDone {
		t.Fatalf("oldest kept past MaxDone: %d entries", len(st.order))
	}
}

// TestCorruptState: a state or position that cannot be read is
// record.ErrCorruptCursor, never an empty state (that would read every file
// again).
func TestCorruptState(t *testing.T) {
	for _, s := range []string{`{"done":`, `{"done":["x` + hashA[:HashDigits] + `"]}`, `{"done":["pzz"]}`} {
		if _, err := ParseState(s); !errors.Is(err, record.ErrCorruptCursor) {
			t.Errorf("ParseState(%q) = %v", s, err)
		}
	}
	if _, err := ParsePosition(`{"file":"a.csv"}`); !errors.Is(err, record.ErrCorruptCursor) {
		t.Errorf("position without hash: %v", err)
	}
	p := Position{File: "a.csv", Hash: hashA, Rows: 7}
	if back, err := ParsePosition(p.String()); err != nil || back != p {
		t.Errorf("position round trip: %+v %v", back, err)
	}
}
