package salesforce

import (
	"maps"
	"net/http"
	"sync"
)

// callLog counts the requests an emulator answered by "METHOD path", as the
// other CRM emulators do, so that tests can tell reads from writes.
type callLog struct {
	mu    sync.Mutex
	calls map[string]int
}

func (l *callLog) add(r *http.Request) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.calls == nil {
		l.calls = map[string]int{}
	}
	l.calls[r.Method+" "+r.URL.Path]++
}

// Calls returns request counts by "METHOD path" (every request, the token
// endpoint's and refused ones included).
func (e *Emulator) Calls() map[string]int {
	e.log.mu.Lock()
	defer e.log.mu.Unlock()
	return maps.Clone(e.log.calls)
}
