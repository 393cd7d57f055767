package retry

import "io"

func errUnexpectedEOF() error { return io.ErrUnexpectedEOF }
