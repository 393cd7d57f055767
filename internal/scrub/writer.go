package scrub

import "io"

// writer scrubs each Write before passing it on.
type writer struct {
	s   *Scrubber
	out io.Writer
}

// Writer returns a writer that scrubs every Write before writing it to out.
// Each Write is scrubbed on its own, so it suits writers that receive whole
// records per call, such as a zerolog logger's output (one event per Write).
// It reports len(p) written when out accepted the scrubbed text.
func (s *Scrubber) Writer(out io.Writer) io.Writer { return writer{s: s, out: out} }

func (w writer) Write(p []byte) (int, error) {
	if _, err := io.WriteString(w.out, w.s.String(string(p))); err != nil {
		return 0, err
	}
	return len(p), nil
}
