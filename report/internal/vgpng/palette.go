package vgpng

import (
	"image"
	"image/color"
	"image/draw"
)

// white is the colour a Picture starts as, the first of its palette.
var white = color.RGBA{0xFF, 0xFF, 0xFF, 0xFF}

// BasePalette returns the colours that a palette always holds, for NewPicture and
// Encode: white, and each ink drawn on white at the blendSteps coverages that
// levelStep leaves in a glyph, fully covered first, so that text is kept exactly and
// the anti-aliased edges of lines and dots, rare one by one, keep their hue. The
// blends are made by image/draw, as the glyphs are drawn. The caller names its
// drawing colours; the package knows none of them.
func BasePalette(inks ...color.Color) []color.RGBA {
	out := []color.RGBA{white}
	px := image.NewRGBA(image.Rect(0, 0, 1, 1))
	for _, k := range inks {
		for q := blendSteps; q >= 1; q-- {
			copy(px.Pix, []byte{0xFF, 0xFF, 0xFF, 0xFF})
			cover := image.NewUniform(color.Alpha{A: levelStep(uint8((q*255 + blendSteps/2) / blendSteps))})
			draw.DrawMask(px, px.Rect, image.NewUniform(k), image.Point{}, cover, image.Point{}, draw.Over)
			out = append(out, px.RGBAAt(0, 0))
		}
	}
	return out
}
