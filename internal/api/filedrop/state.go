package filedrop

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/stewardhq/steward/internal/record"
)

// The cursor of a file drop (record.Cursor) is encoded as follows.
//
//   - State, kept across passes, lists the files finished so far, oldest first:
//     JSON {"done":["p<hash>","r<hash>",...]} where <hash> is the first
//     HashDigits hex digits of the file's SHA-256 and the letter says whether
//     it was processed (p) or rejected (r). A file whose hash is listed is
//     never read again, whatever its name; it is only moved to its subfolder.
//     The list keeps the latest MaxDone entries.
//   - Next, inside a file, is JSON {"file":name,"sha256":hash,"rows":n}: the
//     file being read and how many of its data rows (good or malformed) are
//     stored. A rerun skips those rows of the file with that hash. Between
//     files Next is empty: each finished file closes a pass.
//   - Watermark is the modification time of the newest finished file.

// HashDigits is how many hex digits of a file's SHA-256 the state keeps (128 bits).
const HashDigits = 32

// MaxDone is how many finished files the state remembers.
const MaxDone = 4096

// Outcomes of a finished file.
const (
	Processed = 'p'
	Rejected  = 'r'
)

// State is the set of finished files, decoded from a cursor.
type State struct {
	order   []string
	outcome map[string]byte
}

type stateJSON struct {
	Done []string `json:"done"`
}

// ParseState decodes a cursor's State; empty is no file finished yet.
func ParseState(s string) (*State, error) {
	st := &State{outcome: map[string]byte{}}
	if s == "" {
		return st, nil
	}
	var j stateJSON
	if err := json.Unmarshal([]byte(s), &j); err != nil {
		return nil, fmt.Errorf("%w: file drop state: %v", record.ErrCorruptCursor, err)
	}
	for _, e := range j.Done {
		if len(e) != HashDigits+1 || (e[0] != Processed && e[0] != Rejected) || strings.Trim(e[1:], "0123456789abcdef") != "" {
			return nil, fmt.Errorf("%w: file drop state entry %q", record.ErrCorruptCursor, e)
		}
		st.add(e[1:], e[0])
	}
	return st, nil
}

// Outcome returns how the file with hash was finished (Processed or
// Rejected), or 0 when it was not.
func (st *State) Outcome(hash string) byte { return st.outcome[short(hash)] }

// With returns a copy of st with the file of hash finished with outcome.
func (st *State) With(hash string, outcome byte) *State {
	c := &State{order: append([]string(nil), st.order...), outcome: make(map[string]byte, len(st.outcome)+1)}
	for k, v := range st.outcome {
		c.outcome[k] = v
	}
	c.add(short(hash), outcome)
	return c
}

func (st *State) add(h string, outcome byte) {
	if _, ok := st.outcome[h]; !ok {
		st.order = append(st.order, h)
	}
	st.outcome[h] = outcome
	for len(st.order) > MaxDone {
		delete(st.outcome, st.order[0])
		st.order = st.order[1:]
	}
}

// String encodes the state for record.Cursor.State.
func (st *State) String() string {
	j := stateJSON{Done: make([]string, len(st.order))}
	for i, h := range st.order {
		j.Done[i] = string(st.outcome[h]) + h
	}
	b, _ := json.Marshal(j) // a list of strings always encodes
	return string(b)
}

// Position is where reading stands inside a file (cursor Next).
type Position struct {
	File string `json:"file"`
	Hash string `json:"sha256"`
	Rows int    `json:"rows"`
}

// ParsePosition decodes a cursor's Next.
func ParsePosition(next string) (Position, error) {
	var p Position
	if err := json.Unmarshal([]byte(next), &p); err != nil || p.Hash == "" || p.Rows < 0 {
		return p, fmt.Errorf("%w: file drop position %q", record.ErrCorruptCursor, next)
	}
	return p, nil
}

// String encodes the position for record.Cursor.Next.
func (p Position) String() string {
	b, _ := json.Marshal(p)
	return string(b)
}

func short(hash string) string { return hash[:min(len(hash), HashDigits)] }
