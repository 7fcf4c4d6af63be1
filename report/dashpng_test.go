package report

import (
	"bytes"
	"image"
	"image/color"
	stddraw "image/draw"
	"image/png"
	"math"
	"os"
	"testing"

	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/fitparse"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/font/liberation"
)

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

// dashboardRGBA draws the dashboard of r as Dashboard does, and returns it in RGBA.
func dashboardRGBA(t testing.TB, r *analysis.Result, opt DashboardOptions) *image.RGBA {
	t.Helper()
	dec, err := png.Decode(bytes.NewReader(render(t, r, opt)))
	if err != nil {
		t.Fatal(err)
	}
	img := image.NewRGBA(dec.Bounds())
	stddraw.Draw(img, img.Rect, dec, image.Point{}, stddraw.Src)
	return img
}

// TestTabularDigits checks that the layout measures digits at their advance,
// without the kerning Liberation Sans gives "11", as the canvas sets them (the
// canvas's own test checks the drawing): "1111" is four advances wide.
func TestTabularDigits(t *testing.T) {
	fonts := font.NewCache(liberation.Collection())
	f := font.Font{Typeface: "Liberation", Variant: "Sans", Size: 12}
	face := fonts.Lookup(f, 12)
	if w, want := newDashText(fonts).width("1111", f), 4*face.Width("1"); math.Abs(float64(w-want)) > 1e-9 {
		t.Errorf(`the layout measures "1111" as %v, want %v`, w, want)
	}
	if kern := face.Width("11") - 2*face.Width("1"); kern >= 0 {
		t.Errorf("the font no longer kerns 11 (%v): this test checks nothing", kern)
	}
}
