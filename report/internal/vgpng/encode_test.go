package vgpng

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"image"
	"image/color"
	stddraw "image/draw"
	"image/png"
	"io"
	"slices"
	"sync"
	"testing"
)

// encodeDecode writes img with Encode and reads it back.
func encodeDecode(t *testing.T, img *image.RGBA) ([]byte, *image.Paletted) {
	t.Helper()
	var buf bytes.Buffer
	if err := Encode(&buf, img, testBase); err != nil {
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

// TestEncodeExact checks that a picture of at most 256 colours comes back
// pixel for pixel, in a palette of exactly its colours, at each bit depth.
func TestEncodeExact(t *testing.T) {
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

// TestEncodeQuantised gives Encode a picture of thousands of colours:
// the palette has maxColours of them, the drawing colours and their blends with
// white come back exactly, every other pixel comes back as the palette colour
// nearest it, and the bytes are the same every time.
func TestEncodeQuantised(t *testing.T) {
	img := image.NewRGBA(image.Rect(0, 0, 400, 300))
	for y := range 300 {
		for x := range 400 {
			var c color.RGBA
			switch {
			case x < 100:
				c = color.RGBA{0xFF, 0xFF, 0xFF, 0xFF}
			case x < 200:
				c = testBase[(y/10)%len(testBase)]
			default: // a gradient: 20,000 colours, each once
				c = color.RGBA{uint8(x), uint8(y), uint8((x * y) >> 6), 0xFF}
			}
			img.SetRGBA(x, y, c)
		}
	}
	raw, pm := encodeDecode(t, img)
	if len(pm.Palette) != maxColours {
		t.Errorf("palette of %d colours, want %d", len(pm.Palette), maxColours)
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

// TestNearest compares the pruned search with a plain scan of the palette, ties
// going to the first.
func TestNearest(t *testing.T) {
	noise := rng(3)
	byte8 := func() uint8 { return uint8(noise.float() * 256) }
	for trial := range 50 {
		pal := make([]color.RGBA, 1+trial*5)
		for i := range pal {
			pal[i] = color.RGBA{byte8(), byte8() &^ 0x0F, byte8(), 0xFF} // many equal greens
		}
		near := newNearest(pal)
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

// encodeZlib is Encode with the standard library's compress/zlib at its fastest in
// place of klauspost/compress's: the same palette and indices, compressed by
// another deflate. With up set, each row is written with the Up filter when that
// leaves more zero bytes than no filter does. The tests compare the two encoders'
// pictures.
func encodeZlib(w io.Writer, img *image.RGBA, base []color.RGBA, up bool) error {
	s := scratches.Get().(*scratch)
	defer scratches.Put(s)
	wd, ht, pal, depth, err := s.palette(img, base)
	if err != nil {
		return err
	}
	tab := &s.colours
	var idat bytes.Buffer
	zw, _ := zlibWriters.Get().(*zlib.Writer)
	if zw == nil {
		var err error
		if zw, err = zlib.NewWriterLevel(&idat, zlib.BestSpeed); err != nil {
			return err
		}
	}
	defer zlibWriters.Put(zw)
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
			n := pack(row[1:], depth)
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
	return writeFile(w, wd, ht, depth, pal, idat.Bytes())
}

// zlibWriters keeps the writers of encodeZlib for reuse, as Encode keeps its own.
var zlibWriters sync.Pool

// runsImage returns a w x h picture of up to n colours (n at most 256) in runs
// of random lengths, some rows repeating the row above in whole or in part.
func runsImage(noise *rng, w, h, n int) *image.RGBA {
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

// testImage is a picture for the round-trip tests.
type testImage struct {
	name string
	img  *image.RGBA
}

// testImages returns the pictures of TestEncodeRoundTrip (whose test of the
// report's dashboards and thumbnails is TestEncodeDashboards): pictures of runs of 1 to 256 colours
// at widths that fill and do not fill the last byte of a row at each bit depth, one
// colour, one pixel, noise, and a picture of thousands of colours.
func testImages() []testImage {
	var out []testImage
	noise := rng(11)
	for _, n := range []int{1, 2, 3, 4, 5, 16, 17, 200, 256} {
		for _, w := range []int{1, 3, 7, 8, 9, 13, 301, 1600} {
			h := 1 + int(noise.float()*40)
			out = append(out, testImage{fmt.Sprintf("%d colours %dx%d", n, w, h), runsImage(&noise, w, h, n)})
		}
	}
	one := image.NewRGBA(image.Rect(0, 0, 1, 1))
	one.SetRGBA(0, 0, color.RGBA{1, 2, 3, 0xFF})
	out = append(out, testImage{"1x1", one})
	flat := image.NewRGBA(image.Rect(0, 0, 999, 333))
	stddraw.Draw(flat, flat.Rect, image.NewUniform(color.RGBA{0x22, 0x44, 0x66, 0xFF}), image.Point{}, stddraw.Src)
	out = append(out, testImage{"one colour", flat})
	// Noise of 256 colours, and a picture of a wide stride: the rows above are
	// farther back than deflate reaches.
	rnd := image.NewRGBA(image.Rect(0, 0, 257, 64))
	for i := range rnd.Pix {
		rnd.Pix[i] = uint8(noise.float() * 256)
		if i%4 == 3 {
			rnd.Pix[i], rnd.Pix[i-1], rnd.Pix[i-3] = 0xFF, 0, 0 // 256 colours: any green
		}
	}
	out = append(out, testImage{"noise", rnd})
	out = append(out, testImage{"wide", runsImage(&noise, 40000, 5, 3)})
	many := image.NewRGBA(image.Rect(0, 0, 400, 300))
	for y := range 300 {
		for x := range 400 {
			many.SetRGBA(x, y, color.RGBA{uint8(x), uint8(y), uint8((x * y) >> 6), 0xFF})
		}
	}
	out = append(out, testImage{"thousands of colours", many})
	return out
}

// TestEncodeRoundTrip encodes many pictures and decodes them with image/png:
// a picture of at most 256 colours comes back pixel for pixel, and every picture
// comes back with the palette and indices that encodeZlib (the standard library's
// compress/zlib) gives it. It logs the sizes of both.
func TestEncodeRoundTrip(t *testing.T) {
	depths := map[byte]bool{}
	for _, c := range testImages() {
		var got, want bytes.Buffer
		if err := Encode(&got, c.img, testBase); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if err := encodeZlib(&want, c.img, testBase, false); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		depths[got.Bytes()[24]] = true // the bit depth in IHDR
		gi, err := png.Decode(bytes.NewReader(got.Bytes()))
		if err != nil {
			t.Fatalf("%s: not a PNG: %v", c.name, err)
		}
		wi, err := png.Decode(bytes.NewReader(want.Bytes()))
		if err != nil {
			t.Fatalf("%s: encodeZlib's is not a PNG: %v", c.name, err)
		}
		g, w := gi.(*image.Paletted), wi.(*image.Paletted)
		if !g.Rect.Eq(c.img.Rect) || !slices.Equal(g.Pix, w.Pix) || !slices.Equal(g.Palette, w.Palette) {
			t.Fatalf("%s: a different picture from encodeZlib's", c.name)
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

// FuzzEncode encodes pictures of runs of up to 256 colours made from the
// fuzzer's bytes and checks that image/png decodes them pixel for pixel.
func FuzzEncode(f *testing.F) {
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
		if err := Encode(&buf, img, testBase); err != nil {
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
