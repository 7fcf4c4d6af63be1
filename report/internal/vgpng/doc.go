// Package vgpng is the report's picture backend: a gonum vg.Canvas that draws in
// palette indices, and the paletted PNG encoding of what it draws, named as gonum
// names its own backends (vgimg, vgsvg, vgpdf).
//
// A Picture is a paletted picture of up to 128 colours, begun white and with a base
// palette the caller hands in: BasePalette makes one from the caller's drawing
// colours, each with its blends with white at the eight coverages the canvas draws
// at. New returns the Canvas that draws on a Picture: text from cached glyphs on
// whole pixels, upright rectangles, straight lines and the dots of a scatter on
// fast paths, every other path through freetype's rasteriser as vgimg strokes it.
// Picture.WritePNG writes the picture as an 8-bit paletted PNG; Encode writes a
// picture drawn in RGBA (a thumbnail) as a paletted PNG of as few bits an index as
// its colours need. Both compress with klauspost/compress's zlib at its fastest
// level.
//
// The package knows no colours but white, and nothing of the report's layout,
// fonts or data: the report chooses the colours, the sizes and the resolution, and
// lays out its plots with gonum/plot. It does not read PNGs, keep more than 128
// colours in a Picture or more than 256 in Encode (a busier picture keeps its first
// or most used and draws the rest in the nearest), keep transparency, or draw
// gradients; an image drawn with DrawImage is placed upright, whatever the
// rotation.
package vgpng
