package vgpng

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"testing"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/font/liberation"
	"gonum.org/v1/plot/vg"
)

// rgba returns the picture in RGBA.
func (p *Picture) rgba() *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, p.w, p.h))
	for y := range p.h {
		for x, i := range p.row(y) {
			img.SetRGBA(x, y, p.pal[i])
		}
	}
	return img
}

// TestCanvasPaths draws the shapes that go through the rasteriser, on Canvas
// and on vgimg (gg), and checks that they cover the same pixels with as much ink:
// a polyline with joins, the same dashed with an offset, a filled disc and a ring
// of arcs, Bézier curves, a closed triangle, a path cut by a NaN point, and text
// turned 30 degrees.
func TestCanvasPaths(t *testing.T) {
	px := vg.Length(72.0 / testDPI)
	pt := func(x, y float64) vg.Point { return vg.Point{X: vg.Length(x) * px, Y: vg.Length(200-y) * px} }
	fonts := font.NewCache(liberation.Collection())
	face := fonts.Lookup(font.Font{Typeface: "Liberation", Variant: "Sans", Size: 14}, 14)
	poly := vg.Path{{Type: vg.MoveComp, Pos: pt(20, 30)}, {Type: vg.LineComp, Pos: pt(90, 160)},
		{Type: vg.LineComp, Pos: pt(150, 40)}, {Type: vg.LineComp, Pos: pt(180, 170)}}
	cases := []struct {
		name string
		draw func(c vg.Canvas)
	}{
		{"polyline", func(c vg.Canvas) { c.SetLineWidth(3 * px); c.Stroke(poly) }},
		{"dashed", func(c vg.Canvas) {
			c.SetLineWidth(2 * px)
			c.SetLineDash([]vg.Length{9 * px, 5 * px}, 3*px)
			c.Stroke(poly)
		}},
		{"disc", func(c vg.Canvas) {
			var p vg.Path
			p.Move(pt(130, 100))
			p.Arc(pt(100, 100), 30*px, 0, 2*math.Pi)
			p.Close()
			c.Fill(p)
		}},
		{"ring", func(c vg.Canvas) {
			var p vg.Path
			p.Move(pt(160, 100))
			p.Arc(pt(100, 100), 60*px, 0, 1.5*math.Pi)
			c.SetLineWidth(4 * px)
			c.Stroke(p)
		}},
		{"curves", func(c vg.Canvas) {
			p := vg.Path{{Type: vg.MoveComp, Pos: pt(10, 190)},
				{Type: vg.CurveComp, Pos: pt(100, 190), Control: []vg.Point{pt(55, 20)}},
				{Type: vg.CurveComp, Pos: pt(190, 150), Control: []vg.Point{pt(120, 10), pt(170, 10)}}}
			c.SetLineWidth(2 * px)
			c.Stroke(p)
		}},
		{"triangle", func(c vg.Canvas) {
			c.SetColor(color.NRGBA{0, 114, 178, 160})
			c.Fill(vg.Path{{Type: vg.MoveComp, Pos: pt(20, 180)}, {Type: vg.LineComp, Pos: pt(100, 20)},
				{Type: vg.LineComp, Pos: pt(180, 180)}, {Type: vg.CloseComp}})
		}},
		{"NaN", func(c vg.Canvas) {
			// A point that is not finite ends its subpath: vgimg is given the two.
			c.SetLineWidth(2 * px)
			nan := vg.Point{X: vg.Length(math.NaN()), Y: 0}
			if _, ok := c.(*Canvas); !ok {
				nan = pt(20, 100)
			}
			c.Stroke(vg.Path{{Type: vg.MoveComp, Pos: pt(20, 20)}, {Type: vg.LineComp, Pos: pt(180, 60)},
				{Type: vg.MoveComp, Pos: nan},
				{Type: vg.LineComp, Pos: pt(20, 100)}, {Type: vg.LineComp, Pos: pt(180, 140)}})
		}},
		{"far outside", func(c vg.Canvas) {
			// Lines and shapes from far outside the picture, cut to it, keep their
			// slopes: vgimg, which fills the whole picture with these, is given them
			// cut where they come within ten pixels.
			far := 1e6
			if _, ok := c.(*Canvas); !ok {
				far = 10
			}
			slope := (200 - (-1e6 + 10)) / (190 + 1e6)
			c.SetLineWidth(2 * px)
			c.Stroke(vg.Path{{Type: vg.MoveComp, Pos: pt(-far, 200-slope*(190+far))}, {Type: vg.LineComp, Pos: pt(190, 200)}})
			c.Fill(vg.Path{{Type: vg.MoveComp, Pos: pt(-far, 150)}, {Type: vg.LineComp, Pos: pt(150, 150)},
				{Type: vg.LineComp, Pos: pt(150, 190)}, {Type: vg.LineComp, Pos: pt(-far, 190)},
				{Type: vg.LineComp, Pos: pt(-far, 170+20*far/1e6)}, {Type: vg.LineComp, Pos: pt(0, 170)},
				{Type: vg.LineComp, Pos: pt(-far, 170-20*far/1e6)}})
		}},
		{"image", func(c vg.Canvas) {
			img := image.NewRGBA(image.Rect(0, 0, 4, 4))
			for i := range img.Pix {
				img.Pix[i] = []uint8{0, 0, 0, 0xFF}[i%4]
			}
			c.DrawImage(vg.Rectangle{Min: pt(50, 150), Max: pt(130, 70)}, img)
		}},
		{"turned text", func(c vg.Canvas) {
			c.Translate(pt(30, 170))
			c.Rotate(math.Pi / 6)
			c.FillString(face, vg.Point{}, "cadence 170-180")
		}},
	}
	for _, k := range cases {
		fast, slow, slowImg := canvasPair(200, 200)
		for _, c := range []vg.Canvas{fast, slow} {
			c.SetColor(color.Black)
			k.draw(c)
		}
		fb, fi := inkBox(fast.pic.rgba())
		sb, si := inkBox(slowImg)
		if fb.Empty() || absInt(fb.Min.X-sb.Min.X) > 1 || absInt(fb.Max.X-sb.Max.X) > 1 ||
			absInt(fb.Min.Y-sb.Min.Y) > 1 || absInt(fb.Max.Y-sb.Max.Y) > 1 {
			t.Errorf("%s: drawn over %v, vgimg draws it over %v", k.name, fb, sb)
		}
		if math.Abs(float64(fi-si)) > 0.05*float64(si) {
			t.Errorf("%s: %d of ink, vgimg draws %d", k.name, fi, si)
		}
	}
}

// TestCanvasHostile draws what once made the rasteriser loop for ever: a
// triangle with corners 1e300 pixels away, whose cut to the picture overflowed to
// NaN, and strokes of an infinite or enormous width, which overflowed its fixed
// point. They must finish, and the strokes cover most of the picture.
func TestCanvasHostile(t *testing.T) {
	px := 72.0 / testDPI
	pt := func(x, y float64) vg.Point { return vg.Point{X: vg.Length(x * px), Y: vg.Length((100 - y) * px)} }
	pic := NewPicture(100, 100, testBase)
	defer pic.Free()
	c := New(pic, testDPI)
	c.SetColor(color.Black)
	c.Fill(vg.Path{{Type: vg.MoveComp, Pos: pt(-1e300, -1e300)}, {Type: vg.LineComp, Pos: pt(-1e300, -1e200)},
		{Type: vg.LineComp, Pos: pt(50, 40)}, {Type: vg.CloseComp}})
	for _, w := range []float64{math.Inf(1), 1e9, 2e7} {
		pic := NewPicture(100, 100, testBase)
		c := New(pic, testDPI)
		c.SetColor(color.Black)
		c.SetLineWidth(vg.Length(w))
		c.Stroke(vg.Path{{Type: vg.MoveComp, Pos: pt(10, 10)}, {Type: vg.LineComp, Pos: pt(60, 40)}, {Type: vg.LineComp, Pos: pt(20, 70)}})
		if _, ink := inkBox(pic.rgba()); ink < 100*100*255*8/10 {
			t.Errorf("a stroke %g points wide covers %d of %d", w, ink, 100*100*255)
		}
		pic.Free()
	}
}

// TestFaceBounded draws text of 20,000 different runes, as names from files may
// hold, and checks that the glyph and kerning caches stay within faceMax.
func TestFaceBounded(t *testing.T) {
	fonts := font.NewCache(liberation.Collection())
	f := fonts.Lookup(font.Font{Typeface: "Liberation", Variant: "Sans", Size: 7.25}, 7.25)
	pic := NewPicture(200, 20, testBase)
	defer pic.Free()
	c := New(pic, testDPI)
	var b []rune
	for r := rune(0x4E00); r < 0x4E00+20000; r++ {
		b = append(b, r)
		if len(b) == 100 {
			c.FillString(f, vg.Point{X: 1, Y: 5}, string(b))
			b = b[:0]
		}
	}
	face := faceFor(f, testDPI)
	face.mu.RLock()
	ng, nk := len(face.glyphs), len(face.kerns)
	face.mu.RUnlock()
	if ng > faceMax || nk > faceMax {
		t.Errorf("the face keeps %d glyphs and %d kernings, more than %d", ng, nk, faceMax)
	}
}

// TestPictureBlends checks the arithmetic of a picture's blends against
// image/draw's, and that the palette holds each colour once and never more than 256.
func TestPictureBlends(t *testing.T) {
	pic := NewPicture(300, 20, testBase)
	defer pic.Free()
	c := New(pic, testDPI)
	px := vg.Length(72.0 / testDPI)
	// 300 columns, each a colour of its own at half alpha, over a grey band: more
	// blends than a palette holds.
	c.SetColor(color.Gray{0x80})
	c.Fill(vg.Rectangle{Min: vg.Point{X: 0, Y: 0}, Max: vg.Point{X: 300 * px, Y: 10 * px}}.Path())
	for x := range 300 {
		c.SetColor(color.NRGBA{uint8(x), uint8(255 - x/2), uint8(x * 7), 0x80})
		c.Fill(vg.Rectangle{Min: vg.Point{X: vg.Length(x) * px, Y: 0}, Max: vg.Point{X: vg.Length(x+1) * px, Y: 20 * px}}.Path())
	}
	if len(pic.pal) != maxColours {
		t.Errorf("a palette of %d colours, want %d (full)", len(pic.pal), maxColours)
	}
	seen := map[color.RGBA]bool{}
	for _, col := range pic.pal {
		if seen[col] {
			t.Errorf("colour %v twice in the palette", col)
		}
		seen[col] = true
	}
	// The first column was drawn while the palette had room: exactly image/draw's
	// blend of the ink over white (top rows, from y 0) and over grey (bottom rows).
	ref := image.NewRGBA(image.Rect(0, 0, 1, 2))
	ref.SetRGBA(0, 0, color.RGBA{0xFF, 0xFF, 0xFF, 0xFF})
	ref.SetRGBA(0, 1, color.RGBA{0x80, 0x80, 0x80, 0xFF})
	src := image.NewUniform(color.NRGBA{0, 255, 0, 0x80})
	for y := range 2 {
		r, g, b, a := src.RGBA()
		d := ref.RGBAAt(0, y)
		const m = 1<<16 - 1
		f := (m - a) * 0x101
		want := color.RGBA{uint8((uint32(d.R)*f + r*m) / m >> 8), uint8((uint32(d.G)*f + g*m) / m >> 8), uint8((uint32(d.B)*f + b*m) / m >> 8), 0xFF}
		got := pic.pal[pic.row([]int{0, 15}[y])[0]]
		if got != want {
			t.Errorf("row %d: blend %v, want %v", y, got, want)
		}
	}
	// Every pixel is within the palette, and the PNG decodes to the same pixels.
	var buf bytes.Buffer
	if err := pic.WritePNG(&buf); err != nil {
		t.Fatal(err)
	}
	dec, err := png.Decode(&buf)
	if err != nil {
		t.Fatal(err)
	}
	want := pic.rgba()
	for y := range pic.h {
		for x := range pic.w {
			if got := color.RGBAModel.Convert(dec.At(x, y)).(color.RGBA); got != want.RGBAAt(x, y) {
				t.Fatalf("pixel (%d,%d) decodes as %v, want %v", x, y, got, want.RGBAAt(x, y))
			}
		}
	}
}

// TestPictureReserve fills a palette with the anti-aliased edges of 300 colours
// and then fills a shape in a colour of its own: the edges leave places for it.
func TestPictureReserve(t *testing.T) {
	pic := NewPicture(300, 40, testBase)
	defer pic.Free()
	c := New(pic, testDPI)
	px := vg.Length(72.0 / testDPI)
	for x := range 300 {
		c.SetColor(color.RGBA{uint8(x), uint8(255 - x/2), uint8(x * 7), 0xFF})
		// Half a pixel wide: every pixel an edge.
		c.Fill(vg.Rectangle{Min: vg.Point{X: vg.Length(x) * px, Y: 20 * px}, Max: vg.Point{X: (vg.Length(x) + 0.5) * px, Y: 40 * px}}.Path())
	}
	if n := len(pic.pal); n != maxColours-insideReserve {
		t.Errorf("edges took %d places, want %d", n, maxColours-insideReserve)
	}
	inside := color.RGBA{0x12, 0x34, 0x56, 0xFF}
	c.SetColor(inside)
	c.Fill(vg.Rectangle{Min: vg.Point{X: 10 * px, Y: 0}, Max: vg.Point{X: 200 * px, Y: 15 * px}}.Path())
	if got := pic.pal[pic.row(30)[100]]; got != inside {
		t.Errorf("the inside of the shape is %v, want %v", got, inside)
	}
}

// FuzzCanvas draws paths made from the fuzzer's bytes, with coordinates that may
// be huge, negative, infinite or NaN, under a transform and a dash pattern from
// them, stroked and filled; it checks that nothing panics and that every pixel is
// an index of the palette.
func FuzzCanvas(f *testing.F) {
	f.Add([]byte("\x00\x10\x10\x01\x80\x80\x02\x40\x40\x03\x20\x20\x04"), uint8(3), float64(2))
	f.Add([]byte("\x01\xff\x00\x01\x00\xff\x02\x7f\x7f\x04\x01\x01\x01"), uint8(0), math.NaN())
	f.Add(bytes.Repeat([]byte{1, 200, 3, 2, 9, 250}, 40), uint8(7), float64(1e9))
	f.Fuzz(func(t *testing.T, data []byte, mode uint8, v float64) {
		if len(data) > 4096 {
			return
		}
		pic := NewPicture(64, 48, testBase)
		defer pic.Free()
		c := New(pic, testDPI)
		c.SetColor(color.NRGBA{200, 30, 90, 0x90 | mode})
		if mode&1 != 0 {
			c.Rotate(v)
		}
		if mode&2 != 0 {
			c.Scale(v, 1/v)
		}
		if mode&4 != 0 {
			c.SetLineDash([]vg.Length{vg.Length(v), 2}, vg.Length(v))
		}
		c.SetLineWidth(vg.Length(1 + int(mode>>4)))
		coord := func(b byte) vg.Length {
			switch b {
			case 0xFF:
				return vg.Length(v)
			case 0xFE:
				return vg.Length(math.Inf(1))
			}
			return vg.Length(int(b) - 64)
		}
		var p vg.Path
		for i := 0; i+2 < len(data); i += 3 {
			pos := vg.Point{X: coord(data[i+1]), Y: coord(data[i+2])}
			switch data[i] % 5 {
			case 0:
				p = append(p, vg.PathComp{Type: vg.MoveComp, Pos: pos})
			case 1:
				p = append(p, vg.PathComp{Type: vg.LineComp, Pos: pos})
			case 2:
				p = append(p, vg.PathComp{Type: vg.ArcComp, Pos: pos, Radius: coord(data[i+2] / 4), Start: v, Angle: float64(data[i+1]) / 10})
			case 3:
				p = append(p, vg.PathComp{Type: vg.CurveComp, Pos: pos, Control: []vg.Point{{X: pos.Y, Y: pos.X}}})
			case 4:
				p = append(p, vg.PathComp{Type: vg.CloseComp})
			}
		}
		c.Stroke(p)
		c.Fill(p)
		c.FillString(font.Face{}, vg.Point{}, "x")
		for y := range pic.h {
			if pic.pix[y*(pic.w+1)] != 0 {
				t.Fatalf("row %d lost its filter byte", y)
			}
			for _, i := range pic.row(y) {
				if int(i) >= len(pic.pal) {
					t.Fatalf("index %d of a palette of %d", i, len(pic.pal))
				}
			}
		}
	})
}
