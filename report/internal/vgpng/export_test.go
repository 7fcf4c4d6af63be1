package vgpng

import (
	"image"
	"image/color"
)

// This file lends the external tests (package vgpng_test, which draw the report's
// own dashboards) what they compare the encoders on.

// PictureOf returns a Picture of m's pixels and palette, as the report drew it.
func PictureOf(m *image.Paletted) *Picture {
	p := &Picture{w: m.Rect.Dx(), h: m.Rect.Dy()}
	p.pix = make([]uint8, p.h*(p.w+1))
	for y := range p.h {
		copy(p.row(y), m.Pix[m.PixOffset(m.Rect.Min.X, m.Rect.Min.Y+y):][:p.w])
	}
	for _, c := range m.Palette {
		p.pal = append(p.pal, color.RGBAModel.Convert(c).(color.RGBA))
	}
	return p
}

// Paletted returns p as an image.Paletted that shares its pixels.
func (p *Picture) Paletted() *image.Paletted {
	pal := make(color.Palette, len(p.pal))
	for i, c := range p.pal {
		pal[i] = c
	}
	return &image.Paletted{Pix: p.pix[1:], Stride: p.w + 1, Rect: image.Rect(0, 0, p.w, p.h), Palette: pal}
}

// ImageData returns p's PNG image data: each row's filter byte, 0, and its indices.
func (p *Picture) ImageData() []byte { return p.pix }

// Palette returns p's palette.
func (p *Picture) Palette() []color.RGBA { return p.pal }

// EncodeZlib is encodeZlib, Encode with compress/zlib at its fastest for deflate.
var EncodeZlib = encodeZlib
