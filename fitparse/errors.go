package fitparse

import "fmt"

// Error is the type of the package's sentinel errors.
type Error string

func (e Error) Error() string { return string(e) }

// Sentinel errors; a *ParseError wraps them with the file's name.
const (
	ErrUnknownFormat = Error("not a FIT, GPX or TCX file")
	ErrNoActivity    = Error("nothing to analyse")
	ErrTooLarge      = Error("too large to read safely")
	ErrEmpty         = Error("empty file")
	// ErrRefused says that an archive was not read at all because it is not what an
	// export looks like: it expands too far, holds too many files or nests too deep.
	ErrRefused = Error("not an export, refused")
)

// A ParseError records a failure to read File. Offset is the byte position where it was
// detected, or -1 if unknown.
type ParseError struct {
	File   string
	Offset int64
	Err    error
}

func (e *ParseError) Error() string {
	if e.Offset >= 0 {
		return fmt.Sprintf("%s: at byte %d: %v", e.File, e.Offset, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }
