package filedrop

import (
	"bufio"
	"bytes"
	"fmt"
	"io"

	"golang.org/x/text/encoding/charmap"
)

// RejectError is a whole file that cannot be read as declared (its encoding,
// its header): the file moves to rejected/ with Reason beside it.
type RejectError struct {
	File   string
	Reason string
}

func (e *RejectError) Error() string { return fmt.Sprintf("file %s rejected: %s", e.File, e.Reason) }

var (
	bomUTF8    = []byte{0xEF, 0xBB, 0xBF}
	bomUTF16LE = []byte{0xFF, 0xFE}
	bomUTF16BE = []byte{0xFE, 0xFF}
)

// decoded returns the file's text as UTF-8 by its declared encoding: a UTF-8
// byte order mark is skipped in a UTF-8 file; Latin-1 bytes are decoded to
// UTF-8. A byte order mark that contradicts the declaration rejects the file.
func decoded(name, encoding string, r io.Reader) (io.Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(3)
	if err != nil && err != io.EOF {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	switch {
	case bytes.HasPrefix(head, bomUTF16LE), bytes.HasPrefix(head, bomUTF16BE):
		return nil, &RejectError{File: name, Reason: fmt.Sprintf("the file starts with a UTF-16 byte order mark but its encoding is declared %s; export it as UTF-8 or Latin-1", encoding)}
	case bytes.HasPrefix(head, bomUTF8) && encoding == Latin1:
		return nil, &RejectError{File: name, Reason: "the file starts with a UTF-8 byte order mark but its encoding is declared latin-1; declare encoding: utf-8"}
	case bytes.HasPrefix(head, bomUTF8):
		_, _ = br.Discard(len(bomUTF8))
	}
	if encoding == Latin1 {
		return charmap.ISO8859_1.NewDecoder().Reader(br), nil
	}
	return br, nil
}
