package report

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"testing"

	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/coach"
)

// TestThumbnail draws a run held at 175 steps/min with a pause in the middle and
// checks where the line lands: inside the 170-180 band, in both halves, not across
// the pause.
func TestThumbnail(t *testing.T) {
	r := &analysis.Result{Threshold: 165, Cadence: &analysis.Stats{P10: 175, Median: 175}}
	for i := 0; i < 600; i++ {
		seg := 0
		if i >= 300 {
			seg = 1
		}
		if i >= 280 && i < 320 {
			continue // the pause: no moving samples
		}
		r.Series = append(r.Series, analysis.Point{T: float64(i), SPM: 175, Moving: true, Seg: seg})
	}
	var buf bytes.Buffer
	if err := Thumbnail(&buf, r, 320, 200); err != nil {
		t.Fatal(err)
	}
	size := buf.Len()
	img, err := png.Decode(&buf)
	if err != nil || img.Bounds().Dx() != 320 || img.Bounds().Dy() != 200 {
		t.Fatalf("not a 320x200 PNG: %v", err)
	}
	// Four flat colours, kept exactly in a palette: a few hundred bytes.
	if pm, ok := img.(*image.Paletted); !ok || len(pm.Palette) > 8 {
		t.Errorf("thumbnail is a %T, want a paletted PNG of a few colours", img)
	}
	if size > 1000 {
		t.Errorf("thumbnail of %d bytes, want at most 1000", size)
	}
	isLine := func(x, y int) bool {
		r, g, b, _ := img.At(x, y).RGBA()
		return uint8(r>>8) == thumbLine.R && uint8(g>>8) == thumbLine.G && uint8(b>>8) == thumbLine.B
	}
	y175 := int(math.Round(199 * (1 - (175-thumbMin)/(thumbMax-thumbMin))))
	for _, x := range []int{20, 100, 200, 300} {
		if !isLine(x, y175) {
			t.Errorf("no line at x=%d, y=%d (175 steps/min)", x, y175)
		}
	}
	if isLine(160, y175) {
		t.Error("the line runs across the pause")
	}
}

// TestThumbnailBandIsTheRunnersTarget checks, on a real overstriding run, that the
// thumbnail shades the runner's own target range (150 spm: 158-165), not a universal
// 170-180 band, and that a run judged fine gets no band at all.
func TestThumbnailBandIsTheRunnersTarget(t *testing.T) {
	band := func(path string) (rows []int, r *analysis.Result) {
		r = sampleResult(t, path)
		var buf bytes.Buffer
		if err := Thumbnail(&buf, r, 320, 200); err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(&buf)
		if err != nil {
			t.Fatal(err)
		}
		for y := 0; y < 200; y++ {
			if c := color.NRGBAModel.Convert(img.At(2, y)).(color.NRGBA); c.R == thumbBand.R && c.G == thumbBand.G && c.B == thumbBand.B {
				rows = append(rows, y)
			}
		}
		return rows, r
	}
	rows, r := band("../testdata/sample/fitparse-stryd-run-devfields.fit")
	now, later := coach.Target(r), coach.LaterTarget(r)
	if now == 0 || len(rows) == 0 {
		t.Fatalf("overstriding run: target %g, band rows %v", now, rows)
	}
	// The axis runs 120-200 steps/min over 200 pixels: 2.5 px per step/min.
	top, bottom := 200-(later-120)*199/80, 200-(now-120)*199/80
	if float64(rows[0]) < top-3 || float64(rows[len(rows)-1]) > bottom+3 {
		t.Errorf("band rows %d-%d, want about %.0f-%.0f (%g-%g spm)", rows[0], rows[len(rows)-1], top, bottom, now, later)
	}
	if rows, _ := band("../testdata/sample/fitparserjs-garmin-fenix5x-run-devfields.fit"); len(rows) != 0 {
		t.Errorf("a run judged fine has a band at rows %v", rows)
	}
}
