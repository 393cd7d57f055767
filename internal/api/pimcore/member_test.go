package pimcore_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stewardhq/steward/internal/api/pimcore"
)

// nodeCases are object nodes, each with whether the one-pass member read
// takes it itself.
var nodeCases = []struct {
	node string
	fast bool
}{
	{`{"id":"45","modificationDate":1714521600}`, true},
	{` { "sku" : "a" , "id" : 45 } `, true},
	{`{"id":"1","id":"2"}`, true},
	{`{"parentObject":{"id":"9"},"id":"3"}`, true},
	{`{"sku":"x"}`, false},
	{`{}`, false},
	{`{"\u0069d":"7"}`, false},
	{"{\"name\":\"a\x00b\",\"id\":\"8\"}", false},
	{`{"x":` + strings.Repeat("[", 70) + strings.Repeat("]", 70) + `,"id":"9"}`, false},
	{`{"id":"10",`, false},
	{`{"id":"11"} x`, false},
	{`null`, false},
}

// The one-pass member read finds what the lenient one finds, and leaves
// to it what it cannot read.
func TestMemberFastIsTheLenientRead(t *testing.T) {
	for _, tc := range nodeCases {
		_, found, ok := pimcore.MemberFast([]byte(tc.node), "id")
		if ok && found != tc.fast || !ok && tc.fast {
			t.Errorf("%q: one pass found %v (ok %v), want %v", tc.node, found, ok, tc.fast)
		}
		sameMember(t, []byte(tc.node), "id")
	}
	if got := pimcore.PeekID([]byte(`{"\u0069d":"7"}`)); got != "7" {
		t.Errorf("escaped key: id %q, want 7", got)
	}
}

// sameMember fails t unless a member the one-pass read finds is the one
// the lenient read finds.
func sameMember(t *testing.T, b []byte, key string) {
	t.Helper()
	v, found, ok := pimcore.MemberFast(b, key)
	if !ok || !found {
		return
	}
	w, err := pimcore.MemberLenient(b, key)
	if err != nil || !bytes.Equal(v, w) {
		t.Fatalf("%q: member %s: one pass %q; lenient %q, %v", b, key, v, w, err)
	}
}
