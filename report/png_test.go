package report

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"os"
	"testing"

	"git.sr.ht/~sbinet/gg"
	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/fitparse"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/font/liberation"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// encodeDecode writes img with dashWritePNG and reads it back.
func encodeDecode(t *testing.T, img *image.RGBA) ([]byte, *image.Paletted) {
	t.Helper()
	var buf bytes.Buffer
	if err := dashWritePNG(&buf, img); err != nil {
		t.Fatal(err)
	}
	got, err := png.Decode(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	pm, ok := got.(*image.Paletted)
	if !ok {
		t.Fatalf("decoded a %T, want a paletted image", got)
	}
	if !pm.Bounds().Eq(img.Bounds()) {
		t.Fatalf("bounds %v, want %v", pm.Bounds(), img.Bounds())
	}
	return buf.Bytes(), pm
}

// TestDashWritePNGExact checks that a picture of at most 256 colours comes back
// pixel for pixel, in a palette of exactly its colours, at each bit depth.
func TestDashWritePNGExact(t *testing.T) {
	for _, n := range []int{1, 2, 3, 4, 5, 16, 17, 200} {
		img := image.NewRGBA(image.Rect(0, 0, 301, 37)) // odd sizes: runs end mid-word
		noise := rng(7)
		want := map[color.RGBA]bool{}
		for y := range 37 {
			for x := range 301 {
				c := color.RGBA{0xFF, 0xFF, 0xFF, 0xFF}
				switch k := uint8(noise.float() * float64(n-1)); {
				case x > 40 && x < 90: // a long run
					c = color.RGBA{k, 255 - k, k / 2, 0xFF}
				case noise.float() < 0.3: // single pixels
					c = color.RGBA{k, 255 - k, k / 2, 0xFF}
				}
				if n == 1 {
					c = color.RGBA{0xFF, 0xFF, 0xFF, 0xFF}
				}
				img.SetRGBA(x, y, c)
				want[c] = true
			}
		}
		raw, pm := encodeDecode(t, img)
		if len(pm.Palette) != len(want) {
			t.Errorf("%d colours: a palette of %d", len(want), len(pm.Palette))
		}
		for y := range 37 {
			for x := range 301 {
				if got := color.RGBAModel.Convert(pm.At(x, y)).(color.RGBA); got != img.RGBAAt(x, y) {
					t.Fatalf("%d colours: pixel (%d,%d) is %v, want %v", len(want), x, y, got, img.RGBAAt(x, y))
				}
			}
		}
		t.Logf("%d colours: %d bytes", len(want), len(raw))
	}
}

// TestDashWritePNGQuantised gives dashWritePNG a picture of thousands of colours:
// the palette has pngColours of them, the drawing colours and their blends with
// white come back exactly, every other pixel comes back as the palette colour
// nearest it, and the bytes are the same every time.
func TestDashWritePNGQuantised(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 400, 300))
	for y := range 300 {
		for x := range 400 {
			var c color.RGBA
			switch {
			case x < 100:
				c = color.RGBA{0xFF, 0xFF, 0xFF, 0xFF}
			case x < 200:
				c = pngBase[(y/10)%len(pngBase)]
			default: // a gradient: 20,000 colours, each once
				c = color.RGBA{uint8(x), uint8(y), uint8((x * y) >> 6), 0xFF}
			}
			img.SetRGBA(x, y, c)
		}
	}
	raw, pm := encodeDecode(t, img)
	if len(pm.Palette) != pngColours {
		t.Errorf("palette of %d colours, want %d", len(pm.Palette), pngColours)
	}
	pal := make([]color.RGBA, len(pm.Palette))
	for i, c := range pm.Palette {
		pal[i] = color.RGBAModel.Convert(c).(color.RGBA)
	}
	dist := func(a, b color.RGBA) int {
		dr, dg, db := int(a.R)-int(b.R), int(a.G)-int(b.G), int(a.B)-int(b.B)
		return 2*dr*dr + 4*dg*dg + 3*db*db
	}
	for y := range 300 {
		for x := range 400 {
			want, got := img.RGBAAt(x, y), pal[pm.ColorIndexAt(x, y)]
			if x < 200 {
				if got != want {
					t.Fatalf("pixel (%d,%d), a drawing colour, is %v, want %v", x, y, got, want)
				}
				continue
			}
			best := dist(pal[0], want)
			for _, p := range pal {
				best = min(best, dist(p, want))
			}
			if d := dist(got, want); d != best {
				t.Fatalf("pixel (%d,%d) %v drawn as %v at distance %d; the nearest is at %d", x, y, want, got, d, best)
			}
		}
	}
	again, _ := encodeDecode(t, img)
	if !bytes.Equal(raw, again) {
		t.Error("the same picture gave two different PNGs")
	}
}

// TestPNGNearest compares the pruned search with a plain scan of the palette, ties
// going to the first.
func TestPNGNearest(t *testing.T) {
	noise := rng(3)
	byte8 := func() uint8 { return uint8(noise.float() * 256) }
	for trial := range 50 {
		pal := make([]color.RGBA, 1+trial*5)
		for i := range pal {
			pal[i] = color.RGBA{byte8(), byte8() &^ 0x0F, byte8(), 0xFF} // many equal greens
		}
		near := newPNGNearest(pal)
		for range 200 {
			c := color.RGBA{byte8(), byte8(), byte8(), 0xFF}
			want, wantD := 0, -1
			for i, p := range pal {
				dr, dg, db := int(p.R)-int(c.R), int(p.G)-int(c.G), int(p.B)-int(c.B)
				if d := 2*dr*dr + 4*dg*dg + 3*db*db; wantD < 0 || d < wantD {
					want, wantD = i, d
				}
			}
			if got := near.find(c); got != want {
				t.Fatalf("nearest of %v in %d colours: %d %v, want %d %v", c, len(pal), got, pal[got], want, pal[want])
			}
		}
	}
}

// TestDashboardRealRunPNG draws the dashboard of a real 57-minute run from
// testdata/sample: a paletted PNG of at most 80 KB, whose palette holds the drawing
// colours exactly.
func TestDashboardRealRunPNG(t *testing.T) {
	data, err := os.ReadFile("../testdata/sample/fitparse-stryd-run-devfields.fit")
	if err != nil {
		t.Fatal(err)
	}
	acts, err := fitparse.Parse("run.fit", data)
	if err != nil || len(acts) != 1 {
		t.Fatalf("parse: %d activities, %v", len(acts), err)
	}
	r := analysis.Analyze(acts[0], analysis.DefaultOptions)
	if r.MovingS == nil || *r.MovingS < 3000 {
		t.Fatalf("not the hour-long run: %v s moving", r.MovingS)
	}
	got := render(t, r, DashboardOptions{Target: 160})
	if len(got) > 80<<10 {
		t.Errorf("dashboard of %d KB, want at most 80", len(got)>>10)
	}
	img, err := png.Decode(bytes.NewReader(got))
	if err != nil {
		t.Fatal(err)
	}
	pm, ok := img.(*image.Paletted)
	if !ok {
		t.Fatalf("dashboard is a %T, want paletted", img)
	}
	in := map[color.RGBA]bool{}
	for _, c := range pm.Palette {
		in[color.RGBAModel.Convert(c).(color.RGBA)] = true
	}
	for _, c := range []color.NRGBA{dashBlue, dashInk, dashMuted, dashVermilion, dashGreen} {
		if rgba := color.RGBAModel.Convert(c).(color.RGBA); !in[rgba] {
			t.Errorf("the palette lacks drawing colour %v", c)
		}
	}
	var thumb bytes.Buffer
	if err := Thumbnail(&thumb, r, 320, 80); err != nil {
		t.Fatal(err)
	}
	if thumb.Len() > 2<<10 {
		t.Errorf("thumbnail of %d bytes, want at most 2 KB", thumb.Len())
	}
}

// canvasPair returns a pngCanvas and a plain vgimg canvas of w x h pixels, both
// white, to draw the same thing on.
func canvasPair(w, h int) (fast *pngCanvas, fastImg *image.RGBA, slow *vgimg.Canvas, slowImg *image.RGBA) {
	mk := func() (*vgimg.Canvas, *image.RGBA) {
		// As renderDashboard makes its canvas; NewWith paints the image white.
		img := image.NewRGBA(image.Rect(0, 0, w, h))
		ctx := gg.NewContextForRGBA(img)
		ctx.SetLineCapButt()
		ctx.InvertY()
		return vgimg.NewWith(vgimg.UseImageWithContext(img, ctx), vgimg.UseDPI(dashDPI)), img
	}
	cv, fastImg := mk()
	slow, slowImg = mk()
	return newPNGCanvas(cv, fastImg, dashDPI), fastImg, slow, slowImg
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

// TestPNGCanvasText checks that upright and rotated text from the glyph cache lands
// where vgimg draws it, with as much ink.
func TestPNGCanvasText(t *testing.T) {
	fonts := font.NewCache(liberation.Collection())
	face := fonts.Lookup(font.Font{Typeface: "Liberation", Variant: "Sans", Size: 12}, 12)
	for _, rot := range []float64{0, 1.5707963267948966} {
		fast, fastImg, slow, slowImg := canvasPair(300, 300)
		for _, c := range []vg.Canvas{fast, slow} {
			c.Push()
			c.Translate(vg.Point{X: 110, Y: 60})
			c.Rotate(rot)
			c.SetColor(color.Black)
			c.FillString(face, vg.Point{X: 3.3, Y: 1.7}, "cadence (steps/min) 170-180")
			c.Pop()
		}
		fb, fi := inkBox(fastImg)
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

// TestPNGCanvasRects checks the straight fills and strokes: partly covered pixels
// in proportion, a dashed line in its dashes, and the same ink as vgimg draws.
func TestPNGCanvasRects(t *testing.T) {
	fast, img, slow, slowImg := canvasPair(100, 100)
	px := vg.Length(72.0 / dashDPI)
	// Columns 10.25-20.75 and rows (from the top) 5-6.5, in black.
	rect := vg.Rectangle{Min: vg.Point{X: 10.25 * px, Y: (100 - 6.5) * px}, Max: vg.Point{X: 20.75 * px, Y: 95 * px}}
	for _, c := range []vg.Canvas{fast, slow} {
		c.SetColor(color.Black)
		c.Fill(rect.Path())
	}
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
