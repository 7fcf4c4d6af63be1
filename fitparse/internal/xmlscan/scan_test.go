package xmlscan

import "testing"

// TestEntity checks the entity reader against encoding/xml's reading of the same
// references.
func TestEntity(t *testing.T) {
	for _, c := range []struct {
		in string
		r  rune
		n  int
	}{
		{"&lt;", '<', 4}, {"&gt;x", '>', 4}, {"&amp;", '&', 5}, {"&apos;", '\'', 6}, {"&quot;", '"', 6},
		{"&#65;", 'A', 5}, {"&#x41;", 'A', 6}, {"&#x1f3c3;", 0x1F3C3, 9}, {"&#0065;", 'A', 7},
		{"&#xD800;", 0xFFFD, 8}, {"&#1114111;", 0x10FFFF, 10},
		{"&#1114112;", 0, 0}, {"&#X41;", 0, 0}, {"&#;", 0, 0}, {"&#x;", 0, 0}, {"&#65", 0, 0}, {"&lt", 0, 0},
		{"&ltx;", 0, 0}, {"&", 0, 0}, {"&#", 0, 0}, {"&#99999999999999999999;", 0, 0}, {"&nbsp;", 0, 0},
	} {
		r, n := entity([]byte(c.in))
		if r != c.r || n != c.n {
			t.Errorf("entity(%q) = %q, %d; want %q, %d", c.in, r, n, c.r, c.n)
		}
	}
}
