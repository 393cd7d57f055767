package spell

// #cgo pkg-config: hunspell
// #include <stdlib.h>
// #include <hunspell.h>
//
// // libhunspell's initialize_utf_tbl (csutil.hxx, exported but C++: its
// // Itanium-mangled name). It counts one more user of the case table that
// // the UTF-8 handles share, creating the table if there is none.
// extern int _Z18initialize_utf_tblv(void);
// static void hold_utf_tbl(void) { _Z18initialize_utf_tblv(); }
import "C"

import (
	"errors"
	"fmt"
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
	charset  *charmap.Charmap // nil: the dictionary is UTF-8, or Open refused it
	eightBit bool             // the dictionary is not UTF-8 (see destroy)
	mu       sync.Mutex
	h        *C.Hunhandle
	buf      []byte // the word in the dictionary's encoding, NUL-terminated
	cleanup  runtime.Cleanup
}

// openDictionary creates a libhunspell handle for the .aff and .dic files
// at base (a path without extension). The handle is destroyed by close or,
// failing that, once the dictionary is unreachable.
func openDictionary(base string) (*dictionary, error) {
	aff, dic := C.CString(base+".aff"), C.CString(base+".dic")
	defer C.free(unsafe.Pointer(aff))
	defer C.free(unsafe.Pointer(dic))
	h := C.Hunspell_create(aff, dic)
	if h == nil {
		return nil, fmt.Errorf("create hunspell handle for %s.aff: libhunspell returned none", base)
	}
	liveHandles.Add(1)
	enc := C.GoString(C.Hunspell_get_dic_encoding(h))
	cs, err := charsetOf(enc)
	// libhunspell reads a dictionary as UTF-8 only when SET says exactly that.
	d := &dictionary{h: h, charset: cs, eightBit: enc != "UTF-8"}
	d.cleanup = runtime.AddCleanup(d, destroy, handle{h, d.eightBit})
	if err != nil {
		d.close()
		return nil, fmt.Errorf("read %s.aff: %w", base, err)
	}
	return d, nil
}

// handle is what destroying a libhunspell handle needs to know.
type handle struct {
	h        *C.Hunhandle
	eightBit bool // the dictionary is not UTF-8
}

// destroy frees a libhunspell handle. libhunspell 1.7 counts the users of
// the case table its UTF-8 handles share: a UTF-8 handle adds two and takes
// them off when destroyed, but every handle's affix manager takes one off,
// so destroying an 8-bit handle would take off one it never added, and
// enough of them free the table under the live UTF-8 handles (which then
// cannot lower a capitalized word: "Oak" is unknown). One user is added
// first to balance that.
func destroy(x handle) {
	if x.eightBit {
		C.hold_utf_tbl()
	}
	C.Hunspell_destroy(x.h)
	liveHandles.Add(-1)
}

// close destroys the handle now; later look-ups return errClosed. It is
// safe to call more than once.
func (d *dictionary) close() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.h == nil {
		return
	}
	d.cleanup.Stop()
	destroy(handle{d.h, d.eightBit})
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
