package activity

import "testing"

// TestHiddenRune: the controls, separators, byte order mark and every direction
// mark and override are hidden; letters of any script, spaces and emoji are not.
func TestHiddenRune(t *testing.T) {
	for _, r := range []rune{0, '\t', '\n', 0x1b, 0x7f, 0x85, 0x9f, 0x061c, 0x200e, 0x200f, 0x2028, 0x2029, 0x202a, 0x202e, 0x2066, 0x2069, 0xfeff} {
		if !HiddenRune(r) {
			t.Errorf("U+%04X not hidden", r)
		}
	}
	for _, r := range []rune{' ', 'a', 'ä', 'ß', 'ж', 'م', '走', 0x200b, 0x2065, 0x206a, 0x1f3c3} {
		if HiddenRune(r) {
			t.Errorf("U+%04X hidden", r)
		}
	}
}
