package report

import (
	"image/color"
	"testing"
)

// TestRawColumnsWholePixels checks that the faint band of raw cadence samples on the
// cadence-over-time panel is drawn in whole pixels: each column a rectangle on pixel
// edges. Drawn as one polygon through the rasteriser, whose cancelling edges leave
// part-covered pixels, 4,100 of its pixels on this run were in lighter shades of
// its colour; now only the 19 under the pale box of a label are.
func TestRawColumnsWholePixels(t *testing.T) {
	img := dashboardRGBA(synth{seconds: 2400, speed: true, altitude: true}.build(), DashboardOptions{Target: 170})
	r, g, b, a := dashRaw.RGBA()
	ink := pngInk{r, g, b, a}
	white := color.RGBA{0xFF, 0xFF, 0xFF, 0xFF}
	partial := map[color.RGBA]bool{}
	for q := 1; q < pngBlendSteps; q++ {
		partial[pngMix(ink, q, white)] = true
	}
	full := pngMix(ink, pngBlendSteps, white)
	n, whole := 0, 0
	// The panel is in the top left quarter of the picture.
	for y := range img.Rect.Dy() / 2 {
		for x := range img.Rect.Dx() / 2 {
			switch c := img.RGBAAt(x, y); {
			case partial[c]:
				n++
			case c == full:
				whole++
			}
		}
	}
	t.Logf("%d pixels of the band whole, %d part-covered", whole, n)
	if whole < 10000 {
		t.Fatalf("only %d pixels of the band: is it still drawn?", whole)
	}
	if n > 50 {
		t.Errorf("%d pixels of the band are part-covered", n)
	}
}
