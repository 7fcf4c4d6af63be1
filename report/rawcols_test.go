package report

import (
	"image/color"
	"testing"

	"github.com/cadence-run/cadence/report/internal/vgpng"
)

// TestRawColumnsWholePixels checks that the faint band of raw cadence samples on the
// cadence-over-time panel is drawn in whole pixels: each column a rectangle on pixel
// edges. Drawn as one polygon through the rasteriser, whose cancelling edges leave
// part-covered pixels, 4,100 of its pixels on this run were in lighter shades of
// its colour; now only the 19 under the pale box of a label are.
func TestRawColumnsWholePixels(t *testing.T) {
	img := dashboardRGBA(t, synth{seconds: 2400, speed: true, altitude: true}.build(), DashboardOptions{Target: 170})
	// The band's colour on white, fully covered and at each lesser coverage the
	// canvas draws at.
	blends := vgpng.BasePalette(dashRaw)[1:]
	full := blends[0]
	partial := map[color.RGBA]bool{}
	for _, c := range blends[1:] {
		partial[c] = true
	}
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
