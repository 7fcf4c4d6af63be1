package report

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"image"
	"image/color"
	stddraw "image/draw"
	"image/png"
	"io"
	"math"
	"os"
	"slices"
	"sync"
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
// white, to draw the same thing on; the pngCanvas's picture is fast.pic.
func canvasPair(w, h int) (fast *pngCanvas, slow *vgimg.Canvas, slowImg *image.RGBA) {
	// As vgimg makes its canvas; NewWith paints the image white.
	slowImg = image.NewRGBA(image.Rect(0, 0, w, h))
	ctx := gg.NewContextForRGBA(slowImg)
	ctx.SetLineCapButt()
	ctx.InvertY()
	slow = vgimg.NewWith(vgimg.UseImageWithContext(slowImg, ctx), vgimg.UseDPI(dashDPI))
	return newPNGCanvas(newPNGPicture(w, h), dashDPI), slow, slowImg
}

// dashboardRGBA draws the dashboard of r as Dashboard does, and returns it in RGBA.
func dashboardRGBA(r *analysis.Result, opt DashboardOptions) *image.RGBA {
	pic := newPNGPicture(dashWidthPt*dashDPI/72, dashHeightPt*dashDPI/72)
	defer pic.free()
	drawDashboard(dashCanvas(pic), r, opt)
	return pic.rgba()
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

// TestTabularDigits checks that digits are set at their advance, without the kerning
// Liberation Sans gives "11" (which made 115 read as "11 5"), both where pngCanvas
// draws them and in the width the layout measures: "1111" is one "1" and three
// advances wide, within a pixel.
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
	adv := float64(face.Width("1")) * dashDPI / 72 // pixels
	if want := float64(one.Dx()) + 3*adv; math.Abs(float64(four.Dx())-want) > 1 {
		t.Errorf(`"1111" draws %d pixels wide, want %.1f (one "1" and three advances)`, four.Dx(), want)
	}
	if w, want := newDashText(fonts).width("1111", f), 4*face.Width("1"); math.Abs(float64(w-want)) > 1e-9 {
		t.Errorf(`the layout measures "1111" as %v, want %v`, w, want)
	}
	if kern := face.Width("11") - 2*face.Width("1"); kern >= 0 {
		t.Errorf("the font no longer kerns 11 (%v): this test checks nothing", kern)
	}
}

// TestPNGCanvasRects checks the straight fills and strokes: partly covered pixels
// in proportion, a dashed line in its dashes, and the same ink as vgimg draws.
func TestPNGCanvasRects(t *testing.T) {
	fast, slow, slowImg := canvasPair(100, 100)
	px := vg.Length(72.0 / dashDPI)
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

// dashWritePNGZlib is dashWritePNG as it was before pngDeflater: the same palette
// and indices, compressed by compress/zlib at its fastest. With up set, each row is
// written with the Up filter when that leaves more zero bytes than no filter does.
// The tests compare the two encoders' pictures, and BenchmarkPNGEncode3h their
// speed and size.
func dashWritePNGZlib(w io.Writer, img *image.RGBA, up bool) error {
	s := pngScratches.Get().(*pngScratch)
	defer pngScratches.Put(s)
	wd, ht, pal, depth, err := s.palette(img)
	if err != nil {
		return err
	}
	tab := &s.colours
	var idat bytes.Buffer
	zw, _ := pngZlibWriters.Get().(*zlib.Writer)
	if zw == nil {
		var err error
		if zw, err = zlib.NewWriterLevel(&idat, zlib.BestSpeed); err != nil {
			return err
		}
	}
	defer pngZlibWriters.Put(zw)
	zw.Reset(&idat)
	row := make([]byte, 1+wd)
	prev := make([]byte, 1+wd) // the row above, packed, then the Up-filtered row
	filt := make([]byte, 1+wd)
	x, last, idx := 0, uint32(1<<31), uint8(0)
	for _, rn := range s.runs {
		if rn.key != last {
			last, idx = rn.key, tab.index[tab.slot(rn.key)]
		}
		for i := range int(rn.n) {
			row[1+x+i] = idx
		}
		if x += int(rn.n); x == wd {
			n := pngPack(row[1:], depth)
			out := row[:1+n]
			if up {
				zNone, zUp := 0, 0
				filt[0] = 2
				for i := 1; i <= n; i++ {
					filt[i] = row[i] - prev[i]
					if row[i] == 0 {
						zNone++
					}
					if filt[i] == 0 {
						zUp++
					}
				}
				if zUp > zNone {
					out = filt[:1+n]
				}
				copy(prev, row[:1+n])
			}
			if _, err := zw.Write(out); err != nil {
				return err
			}
			x = 0
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return pngWriteFile(w, wd, ht, depth, pal, idat.Bytes())
}

// pngZlibWriters keeps the writers of dashWritePNGZlib for reuse, as dashWritePNG
// kept its own.
var pngZlibWriters sync.Pool

// pngRunsImage returns a w x h picture of up to n colours (n at most 256) in runs
// of random lengths, some rows repeating the row above in whole or in part.
func pngRunsImage(noise *rng, w, h, n int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	colour := func() color.RGBA {
		k := int(noise.float() * float64(n))
		return color.RGBA{uint8(k), uint8(255 - k), uint8(k * 7), 0xFF}
	}
	for y := range h {
		switch r := noise.float(); {
		case y > 0 && r < 0.3: // the row above again
			copy(img.Pix[y*img.Stride:][:4*w], img.Pix[(y-1)*img.Stride:])
			continue
		case y > 0 && r < 0.5: // the row above with a few changes
			copy(img.Pix[y*img.Stride:][:4*w], img.Pix[(y-1)*img.Stride:])
			for range 1 + int(noise.float()*5) {
				img.SetRGBA(int(noise.float()*float64(w)), y, colour())
			}
			continue
		}
		for x := 0; x < w; {
			run := 1 + int(noise.float()*noise.float()*float64(w))
			if noise.float() < 0.3 {
				run = 1
			}
			c := colour()
			for ; run > 0 && x < w; run-- {
				img.SetRGBA(x, y, c)
				x++
			}
		}
	}
	return img
}

// pngTestImage is a picture for the round-trip tests.
type pngTestImage struct {
	name string
	img  *image.RGBA
}

// pngTestImages returns the pictures of TestDashWritePNGRoundTrip: dashboards and
// thumbnails of the runs of the other tests, pictures of runs of 1 to 256 colours
// at widths that fill and do not fill the last byte of a row at each bit depth, one
// colour, one pixel, noise, and a picture of thousands of colours.
func pngTestImages(t testing.TB) []pngTestImage {
	var out []pngTestImage
	results := []struct {
		name string
		r    *analysis.Result
	}{
		{"3h", synth{seconds: 11000, speed: true, altitude: true}.build()},
		{"outdoor", synth{seconds: 3000, speed: true, altitude: true}.build()},
		{"treadmill", synth{seconds: 2400}.build()},
		{"flat", synth{seconds: 2400, speed: true}.build()},
		{"empty", &analysis.Result{}},
	}
	for _, f := range []string{"fitparse-stryd-run-devfields.fit", "fitparse-garmin-fenix5-walk-short.fit"} {
		data, err := os.ReadFile("../testdata/sample/" + f)
		if err != nil {
			t.Fatal(err)
		}
		acts, err := fitparse.Parse(f, data)
		if err != nil || len(acts) == 0 {
			t.Fatalf("parse %s: %d activities, %v", f, len(acts), err)
		}
		results = append(results, struct {
			name string
			r    *analysis.Result
		}{f, analysis.Analyze(acts[0], analysis.DefaultOptions)})
	}
	for _, r := range results {
		img := dashboardRGBA(r.r, DashboardOptions{Target: 170})
		out = append(out, pngTestImage{"dashboard " + r.name, img})
		var thumb bytes.Buffer
		if err := Thumbnail(&thumb, r.r, 320, 80); err != nil {
			t.Fatal(err)
		}
		dec, err := png.Decode(&thumb)
		if err != nil {
			t.Fatal(err)
		}
		rgba := image.NewRGBA(dec.Bounds())
		stddraw.Draw(rgba, rgba.Rect, dec, image.Point{}, stddraw.Src)
		out = append(out, pngTestImage{"thumbnail " + r.name, rgba})
	}
	noise := rng(11)
	for _, n := range []int{1, 2, 3, 4, 5, 16, 17, 200, 256} {
		for _, w := range []int{1, 3, 7, 8, 9, 13, 301, 1600} {
			h := 1 + int(noise.float()*40)
			out = append(out, pngTestImage{fmt.Sprintf("%d colours %dx%d", n, w, h), pngRunsImage(&noise, w, h, n)})
		}
	}
	one := image.NewRGBA(image.Rect(0, 0, 1, 1))
	one.SetRGBA(0, 0, color.RGBA{1, 2, 3, 0xFF})
	out = append(out, pngTestImage{"1x1", one})
	flat := image.NewRGBA(image.Rect(0, 0, 999, 333))
	stddraw.Draw(flat, flat.Rect, image.NewUniform(color.RGBA{0x22, 0x44, 0x66, 0xFF}), image.Point{}, stddraw.Src)
	out = append(out, pngTestImage{"one colour", flat})
	// Noise of 256 colours, and a picture of a wide stride: the rows above are
	// farther back than deflate reaches.
	rnd := image.NewRGBA(image.Rect(0, 0, 257, 64))
	for i := range rnd.Pix {
		rnd.Pix[i] = uint8(noise.float() * 256)
		if i%4 == 3 {
			rnd.Pix[i], rnd.Pix[i-1], rnd.Pix[i-3] = 0xFF, 0, 0 // 256 colours: any green
		}
	}
	out = append(out, pngTestImage{"noise", rnd})
	out = append(out, pngTestImage{"wide", pngRunsImage(&noise, 40000, 5, 3)})
	many := image.NewRGBA(image.Rect(0, 0, 400, 300))
	for y := range 300 {
		for x := range 400 {
			many.SetRGBA(x, y, color.RGBA{uint8(x), uint8(y), uint8((x * y) >> 6), 0xFF})
		}
	}
	out = append(out, pngTestImage{"thousands of colours", many})
	return out
}

// TestDashWritePNGRoundTrip encodes many pictures and decodes them with image/png:
// a picture of at most 256 colours comes back pixel for pixel, and every picture
// comes back with the palette and indices that the encoder before pngDeflater
// gave it, compress/zlib and all. It logs the sizes of both.
func TestDashWritePNGRoundTrip(t *testing.T) {
	depths := map[byte]bool{}
	for _, c := range pngTestImages(t) {
		var got, want bytes.Buffer
		if err := dashWritePNG(&got, c.img); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if err := dashWritePNGZlib(&want, c.img, false); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		depths[got.Bytes()[24]] = true // the bit depth in IHDR
		gi, err := png.Decode(bytes.NewReader(got.Bytes()))
		if err != nil {
			t.Fatalf("%s: not a PNG: %v", c.name, err)
		}
		wi, err := png.Decode(bytes.NewReader(want.Bytes()))
		if err != nil {
			t.Fatalf("%s: the old encoder's is not a PNG: %v", c.name, err)
		}
		g, w := gi.(*image.Paletted), wi.(*image.Paletted)
		if !g.Rect.Eq(c.img.Rect) || !slices.Equal(g.Pix, w.Pix) || !slices.Equal(g.Palette, w.Palette) {
			t.Fatalf("%s: a different picture from the old encoder's", c.name)
		}
		colours := map[color.RGBA]bool{}
		for y := c.img.Rect.Min.Y; y < c.img.Rect.Max.Y; y++ {
			for x := c.img.Rect.Min.X; x < c.img.Rect.Max.X; x++ {
				colours[c.img.RGBAAt(x, y)] = true
			}
		}
		if len(colours) <= 256 {
			for y := c.img.Rect.Min.Y; y < c.img.Rect.Max.Y; y++ {
				for x := c.img.Rect.Min.X; x < c.img.Rect.Max.X; x++ {
					if p := color.RGBAModel.Convert(g.At(x, y)).(color.RGBA); p != c.img.RGBAAt(x, y) {
						t.Fatalf("%s: pixel (%d,%d) is %v, want %v", c.name, x, y, p, c.img.RGBAAt(x, y))
					}
				}
			}
		}
		t.Logf("%s: %d colours, depth %d: %d bytes, %d with compress/zlib", c.name, len(colours), got.Bytes()[24], got.Len(), want.Len())
	}
	for _, d := range []byte{1, 2, 4, 8} {
		if !depths[d] {
			t.Errorf("no picture at bit depth %d", d)
		}
	}
}

// FuzzDashWritePNG encodes pictures of runs of up to 256 colours made from the
// fuzzer's bytes and checks that image/png decodes them pixel for pixel.
func FuzzDashWritePNG(f *testing.F) {
	f.Add(uint16(1), uint8(0), []byte{0})
	f.Add(uint16(9), uint8(2), []byte("runs of colour, runs of colour, runs of colour"))
	f.Add(uint16(301), uint8(16), bytes.Repeat([]byte{5, 1, 200, 3}, 400))
	f.Add(uint16(77), uint8(255), []byte("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\xff\xfe"))
	f.Fuzz(func(t *testing.T, width uint16, colours uint8, data []byte) {
		w := 1 + int(width)%2000
		if len(data) == 0 || len(data) > 1<<16 {
			return
		}
		n := 1 + int(colours) // colours in all
		// Each pair of bytes is a run: a colour and a length.
		var pix []color.RGBA
		for i := 0; i+1 < len(data) || i == 0; i += 2 {
			k := int(data[i]) % n
			c := color.RGBA{uint8(k), uint8(k * 3), 0x40, 0xFF}
			run := 1
			if i+1 < len(data) {
				run = 1 + int(data[i+1])*int(data[i+1])/16
			}
			for range run {
				pix = append(pix, c)
			}
		}
		h := (len(pix) + w - 1) / w
		img := image.NewRGBA(image.Rect(0, 0, w, h))
		for i := range w * h {
			img.SetRGBA(i%w, i/w, pix[i%len(pix)])
		}
		var buf bytes.Buffer
		if err := dashWritePNG(&buf, img); err != nil {
			t.Fatal(err)
		}
		dec, err := png.Decode(&buf)
		if err != nil {
			t.Fatalf("not a PNG: %v", err)
		}
		for y := range h {
			for x := range w {
				if p := color.RGBAModel.Convert(dec.At(x, y)).(color.RGBA); p != img.RGBAAt(x, y) {
					t.Fatalf("pixel (%d,%d) of %dx%d is %v, want %v", x, y, w, h, p, img.RGBAAt(x, y))
				}
			}
		}
	})
}

// BenchmarkPNGEncode3h encodes the picture of BenchmarkDashboard3h, drawn once,
// with dashWritePNG and with the encoder before it, compress/zlib at its fastest
// with no filter and with the Up filter where it helps.
func BenchmarkPNGEncode3h(b *testing.B) {
	img := dashboardRGBA(synth{seconds: 11000, speed: true, altitude: true}.build(), DashboardOptions{Target: 170})
	for _, enc := range []struct {
		name string
		f    func(io.Writer, *image.RGBA) error
	}{
		{"deflate", dashWritePNG},
		{"zlib", func(w io.Writer, img *image.RGBA) error { return dashWritePNGZlib(w, img, false) }},
		{"zlib-up", func(w io.Writer, img *image.RGBA) error { return dashWritePNGZlib(w, img, true) }},
	} {
		b.Run(enc.name, func(b *testing.B) {
			var buf bytes.Buffer
			for b.Loop() {
				buf.Reset()
				if err := enc.f(&buf, img); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(buf.Len())/1024, "KB")
		})
	}
}
