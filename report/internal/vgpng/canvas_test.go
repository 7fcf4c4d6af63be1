package vgpng

import (
	"image"
	"image/color"
	"math"
	"testing"

	"git.sr.ht/~sbinet/gg"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/font/liberation"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// canvasPair returns a Canvas and a plain vgimg canvas of w x h pixels, both
// white, to draw the same thing on; the Canvas's picture is fast.pic.
func canvasPair(w, h int) (fast *Canvas, slow *vgimg.Canvas, slowImg *image.RGBA) {
	// As vgimg makes its canvas; NewWith paints the image white.
	slowImg = image.NewRGBA(image.Rect(0, 0, w, h))
	ctx := gg.NewContextForRGBA(slowImg)
	ctx.SetLineCapButt()
	ctx.InvertY()
	slow = vgimg.NewWith(vgimg.UseImageWithContext(slowImg, ctx), vgimg.UseDPI(testDPI))
	return New(NewPicture(w, h, testBase), testDPI), slow, slowImg
}

// inkBox returns the bounds of the pixels of img that are not white, and how much
// ink they hold (the sum of 255 minus the red of each pixel).
func inkBox(img *image.RGBA) (image.Rectangle, int) {
	var box image.Rectangle
	ink := 0
	for y := img.Rect.Min.Y; y < img.Rect.Max.Y; y++ {
		for x := img.Rect.Min.X; x < img.Rect.Max.X; x++ {
			if r := img.RGBAAt(x, y).R; r < 0xFF {
				ink += 0xFF - int(r)
				box = box.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return box, ink
}

// TestCanvasText checks that upright and rotated text from the glyph cache lands
// where vgimg draws it, with as much ink.
func TestCanvasText(t *testing.T) {
	fonts := font.NewCache(liberation.Collection())
	face := fonts.Lookup(font.Font{Typeface: "Liberation", Variant: "Sans", Size: 12}, 12)
	for _, rot := range []float64{0, 1.5707963267948966} {
		fast, slow, slowImg := canvasPair(300, 300)
		for _, c := range []vg.Canvas{fast, slow} {
			c.Push()
			c.Translate(vg.Point{X: 110, Y: 60})
			c.Rotate(rot)
			c.SetColor(color.Black)
			c.FillString(face, vg.Point{X: 3.3, Y: 1.7}, "cadence (steps/min) 170-180")
			c.Pop()
		}
		fb, fi := inkBox(fast.pic.rgba())
		sb, si := inkBox(slowImg)
		t.Logf("rotation %g: cached glyphs %v with %d of ink, vgimg %v with %d", rot, fb, fi, sb, si)
		if fb.Empty() || absInt(fb.Min.X-sb.Min.X) > 1 || absInt(fb.Max.X-sb.Max.X) > 1 ||
			absInt(fb.Min.Y-sb.Min.Y) > 1 || absInt(fb.Max.Y-sb.Max.Y) > 1 {
			t.Errorf("rotation %g: text covers %v, vgimg draws it over %v", rot, fb, sb)
		}
		if float64(fi) < 0.9*float64(si) || float64(fi) > 1.1*float64(si) {
			t.Errorf("rotation %g: %d of ink, vgimg draws %d", rot, fi, si)
		}
	}
}

func absInt(v int) int { return max(v, -v) }

// TestTabularDigits checks that the canvas sets digits at their advance, without the
// kerning Liberation Sans gives "11" (which made 115 read as "11 5"): "1111" is one
// "1" and three advances wide, within a pixel. (The report's tests check that the
// layout measures them so, through Tabular.)
func TestTabularDigits(t *testing.T) {
	fonts := font.NewCache(liberation.Collection())
	f := font.Font{Typeface: "Liberation", Variant: "Sans", Size: 12}
	face := fonts.Lookup(f, 12)
	ink := func(s string) image.Rectangle {
		c, _, _ := canvasPair(300, 100)
		c.SetColor(color.Black)
		c.FillString(face, vg.Point{X: 10, Y: 20}, s)
		box, _ := inkBox(c.pic.rgba())
		return box
	}
	one, four := ink("1"), ink("1111")
	adv := float64(face.Width("1")) * testDPI / 72 // pixels
	if want := float64(one.Dx()) + 3*adv; math.Abs(float64(four.Dx())-want) > 1 {
		t.Errorf(`"1111" draws %d pixels wide, want %.1f (one "1" and three advances)`, four.Dx(), want)
	}
	if !Tabular('1', '1') || Tabular('1', 'a') || Tabular('a', 'b') {
		t.Error("Tabular: digit pairs, and only they, are set without kerning")
	}
	if kern := face.Width("11") - 2*face.Width("1"); kern >= 0 {
		t.Errorf("the font no longer kerns 11 (%v): this test checks nothing", kern)
	}
}

// TestCanvasRects checks the straight fills and strokes: partly covered pixels
// in proportion, a dashed line in its dashes, and the same ink as vgimg draws.
func TestCanvasRects(t *testing.T) {
	fast, slow, slowImg := canvasPair(100, 100)
	px := vg.Length(72.0 / testDPI)
	// Columns 10.25-20.75 and rows (from the top) 5-6.5, in black.
	rect := vg.Rectangle{Min: vg.Point{X: 10.25 * px, Y: (100 - 6.5) * px}, Max: vg.Point{X: 20.75 * px, Y: 95 * px}}
	for _, c := range []vg.Canvas{fast, slow} {
		c.SetColor(color.Black)
		c.Fill(rect.Path())
	}
	img := fast.pic.rgba()
	for _, p := range []struct {
		x, y int
		want uint8 // 255 less the part covered
	}{{9, 5, 255}, {10, 5, 64}, {11, 5, 0}, {20, 5, 64}, {21, 5, 255}, {15, 6, 128}, {10, 6, 159}, {15, 7, 255}} {
		if got := img.RGBAAt(p.x, p.y).R; absInt(int(got)-int(p.want)) > 2 {
			t.Errorf("pixel (%d,%d) is %d, want %d", p.x, p.y, got, p.want)
		}
	}
	_, fi := inkBox(img)
	_, si := inkBox(slowImg)
	if absInt(fi-si) > si/50 {
		t.Errorf("rectangle of %d ink, vgimg draws %d", fi, si)
	}

	// A dashed horizontal line 2 pixels wide along row 50, dashes of 6 pixels every 10.
	dc := draw.NewCanvas(fast, 100*px, 100*px)
	sty := draw.LineStyle{Color: color.Black, Width: 2 * px, Dashes: []vg.Length{6 * px, 4 * px}}
	dc.StrokeLine2(sty, 0, 50*px, 100*px, 50*px)
	img = fast.pic.rgba()
	for x := range 100 {
		on := x%10 < 6
		if got := img.RGBAAt(x, 49).R == 0 && img.RGBAAt(x, 50).R == 0; got != on {
			t.Fatalf("dashed line at x=%d: drawn %v, want %v", x, got, on)
		}
		if img.RGBAAt(x, 48).R != 0xFF || img.RGBAAt(x, 51).R != 0xFF {
			t.Fatalf("dashed line wider than 2 pixels at x=%d", x)
		}
	}
}
