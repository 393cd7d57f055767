package spell

// #cgo pkg-config: hunspell
// #include <stdlib.h>
// #include <hunspell.h>
import "C"

import (
	"errors"
	"fmt"
	"os"
	"runtime"
	"sync"
	"sync/atomic"
	"unicode/utf8"
	"unsafe"

	"golang.org/x/text/encoding/charmap"
)

// errClosed is what a look-up in a closed dictionary returns.
var errClosed = errors.New("dictionary closed")

// liveHandles counts the libhunspell handles not yet destroyed, so that
// tests can see Close and the cleanup of an unreachable checker free them.
var liveHandles atomic.Int64

// dictionary is one locale's libhunspell handle. A handle is not safe for
// concurrent use: every call into it holds mu, which also guards buf.
type dictionary struct {
	charset *charmap.Charmap // nil: the dictionary is UTF-8
	mu      sync.Mutex
	h       *C.Hunhandle
	buf     []byte // the word in the dictionary's encoding, NUL-terminated
	cleanup runtime.Cleanup
	err     error // why a kept handle of an unknown encoding cannot be used
}

// lib serialises creating and destroying handles. libhunspell keeps one
// case table for every UTF-8 dictionary of the process, counted by each
// handle's creation and destruction without a lock of its own.
//
// It also keeps the 8-bit dictionaries open for the life of the process,
// one per file: libhunspell 1.7 takes a count of that table only for a
// UTF-8 dictionary but gives one back for every handle it destroys
// (AffixMgr's destructor), so destroying 8-bit handles frees the table
// under the UTF-8 dictionaries still open, and from then on they refuse
// every capitalised word ("This", "Die").
var lib struct {
	sync.Mutex
	eightBit map[string]*dictionary // by .aff path, size and change time
}

// openDictionary returns a libhunspell handle for the .aff and .dic files
// at base (a path without extension). A UTF-8 dictionary's handle is its
// own, destroyed by close or, failing that, once the dictionary is
// unreachable; an 8-bit dictionary's is shared and kept (see lib).
func openDictionary(base string) (*dictionary, error) {
	key := fileKey(base)
	lib.Lock()
	defer lib.Unlock()
	if lib.eightBit == nil {
		lib.eightBit = map[string]*dictionary{}
	}
	if d, ok := lib.eightBit[key]; ok {
		return d, d.err
	}
	aff, dic := C.CString(base+".aff"), C.CString(base+".dic")
	defer C.free(unsafe.Pointer(aff))
	defer C.free(unsafe.Pointer(dic))
	h := C.Hunspell_create(aff, dic)
	if h == nil {
		return nil, fmt.Errorf("create hunspell handle for %s.aff: libhunspell returned none", base)
	}
	liveHandles.Add(1)
	d := &dictionary{h: h}
	cs, err := charsetOf(C.GoString(C.Hunspell_get_dic_encoding(h)))
	if err != nil {
		// Not UTF-8 either, so not destroyed (see lib): kept, unused.
		lib.eightBit[key] = &dictionary{err: fmt.Errorf("read %s.aff: %w", base, err)}
		return nil, lib.eightBit[key].err
	}
	d.charset = cs
	if cs != nil {
		lib.eightBit[key] = d
		return d, nil
	}
	d.cleanup = runtime.AddCleanup(d, destroy, h)
	return d, nil
}

// fileKey names the version of the .aff and .dic files at base that a
// kept handle was made from, so that a dictionary updated on disk is read
// again.
func fileKey(base string) string {
	key := base
	for _, ext := range []string{".aff", ".dic"} {
		if fi, err := os.Stat(base + ext); err == nil {
			key += fmt.Sprintf("\x00%d\x00%d", fi.Size(), fi.ModTime().UnixNano())
		}
	}
	return key
}

// destroy frees a libhunspell handle.
func destroy(h *C.Hunhandle) {
	lib.Lock()
	defer lib.Unlock()
	C.Hunspell_destroy(h)
	liveHandles.Add(-1)
}

// close destroys a UTF-8 dictionary's handle now; later look-ups return
// errClosed. It is safe to call more than once. An 8-bit dictionary is
// kept open (see lib).
func (d *dictionary) close() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.h == nil || d.charset != nil {
		return
	}
	d.cleanup.Stop()
	destroy(d.h)
	d.h = nil
}

// known reports whether hunspell accepts word (UTF-8), in any of the case
// forms it allows. A word that is not valid UTF-8, holds a control
// character (a NUL would cut it short in C) or has a character the
// dictionary's encoding lacks cannot be one of its words: it is unknown,
// and hunspell is not asked.
func (d *dictionary) known(word string) (bool, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.h == nil {
		return false, errClosed
	}
	if !d.encode(word) {
		return false, nil
	}
	// buf holds no Go pointers and hunspell keeps no reference to it.
	return C.Hunspell_spell(d.h, (*C.char)(unsafe.Pointer(&d.buf[0]))) != 0, nil
}

// encode puts word, converted to the dictionary's encoding and
// NUL-terminated, into buf; false if it cannot be.
func (d *dictionary) encode(word string) bool {
	d.buf = d.buf[:0]
	for _, r := range word {
		if r == utf8.RuneError || r < ' ' || r == 0x7f {
			return false // invalid UTF-8 or a control character
		}
		if d.charset == nil {
			d.buf = utf8.AppendRune(d.buf, r)
			continue
		}
		b, ok := d.charset.EncodeRune(r)
		if !ok {
			return false
		}
		d.buf = append(d.buf, b)
	}
	d.buf = append(d.buf, 0)
	return true
}
