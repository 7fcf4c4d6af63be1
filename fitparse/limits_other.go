//go:build !unix

package fitparse

// unblockFIFO does nothing where there are no named pipes to block on.
func unblockFIFO(p string) {}
