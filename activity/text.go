package activity

// HiddenRune reports whether r must not reach a reader as it is, from a name, a note
// or any other text a file holds: the C0 controls (which include tab, line feed,
// carriage return and escape), DEL, the C1 controls, the line and paragraph
// separators, the byte order mark, and the marks and overrides that change the
// direction of text (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069), with
// which a name can show text in another order than it holds. Every package that
// shows or keeps such text asks this one rule.
func HiddenRune(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, r == 0x2028, r == 0x2029, r == 0xfeff:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	}
	return false
}
