package vgpng

import "image/color"

// testDPI is the resolution the tests draw at, the dashboards' own.
const testDPI = 96

// testInks are the drawing colours of the tests' base palette, the dashboards' own
// (the Okabe-Ito colours, ink, muted and flat grey).
var testInks = []color.Color{
	color.NRGBA{0x00, 0x72, 0xB2, 0xFF}, color.NRGBA{0x56, 0xB4, 0xE9, 0xFF},
	color.NRGBA{0x00, 0x9E, 0x73, 0xFF}, color.NRGBA{0xE6, 0x9F, 0x00, 0xFF},
	color.NRGBA{0xD5, 0x5E, 0x00, 0xFF}, color.NRGBA{0xCC, 0x79, 0xA7, 0xFF},
	color.NRGBA{0x22, 0x22, 0x22, 0xFF}, color.NRGBA{0x55, 0x55, 0x55, 0xFF},
	color.NRGBA{0xA6, 0xA6, 0xA6, 0xFF},
}

// testBase is the base palette of the tests' pictures.
var testBase = BasePalette(testInks...)

// rng is a small deterministic generator of numbers in [0, 1) (xorshift64).
type rng uint64

func (r *rng) float() float64 {
	*r ^= *r << 13
	*r ^= *r >> 7
	*r ^= *r << 17
	return float64(uint64(*r)>>11) / (1 << 53)
}
