package report

import (
	"image"
	"image/color"
	"io"
	"math"
	"sort"

	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/coach"
	"github.com/cadence-run/cadence/report/internal/vgpng"
)

// Thumbnail colours: calm, and the same meaning as in the dashboard.
var (
	thumbBG   = color.RGBA{0xff, 0xff, 0xff, 0xff}
	thumbBand = color.RGBA{0xf3, 0xdc, 0xea, 0xff} // the runner's own target range, as on the dashboard
	thumbLine = color.RGBA{0x00, 0x72, 0xb2, 0xff} // Okabe-Ito blue
)

// thumbMin and thumbMax bound the thumbnail's cadence axis for a run, in steps/min.
const thumbMin, thumbMax = 120.0, 200.0

// Thumbnail writes a small PNG of cadence over moving time for the index page: the
// median per pixel column, broken at pauses, over the runner's own target range
// when the run has a target (no universal 170-180 band, no fixed threshold line: the
// verdict judges each pace against its own threshold). It draws with the standard library alone, in well under a
// millisecond for a long run, so a thousand thumbnails cost nothing, and writes an
// 8-bit paletted PNG.
func Thumbnail(w io.Writer, r *analysis.Result, width, height int) error {
	img := image.NewRGBA(image.Rect(0, 0, width, height))
	fill(img, 0, 0, width, height, thumbBG)
	// 120-200 steps/min shows every run alike; a walk's lower range widens it.
	lo, hi := thumbMin, thumbMax
	if c := r.Cadence; c != nil {
		lo = math.Min(lo, 10*math.Floor(c.P10/10)-10)
	}
	y := func(spm float64) int {
		f := (math.Max(lo, math.Min(hi, spm)) - lo) / (hi - lo)
		return int(math.Round(float64(height-1) * (1 - f)))
	}
	if now, later := coach.Target(r), coach.LaterTarget(r); now > 0 {
		fill(img, 0, y(later), width, y(now)+1, thumbBand)
	}

	var t0, t1 float64 = math.Inf(1), math.Inf(-1)
	for _, p := range r.Series {
		if p.Moving && p.SPM > 0 {
			t0, t1 = math.Min(t0, p.T), math.Max(t1, p.T)
		}
	}
	if t1 > t0 {
		cols := make([][]float64, width)
		segs := make([]int, width)
		for i := range segs {
			segs[i] = -1
		}
		for _, p := range r.Series {
			if !p.Moving || !(p.SPM > 0) {
				continue
			}
			x := int(float64(width-1) * (p.T - t0) / (t1 - t0))
			cols[x] = append(cols[x], p.SPM)
			segs[x] = p.Seg
		}
		px, py, pseg := -1, 0, -1
		for x, v := range cols {
			if len(v) == 0 {
				continue
			}
			sort.Float64s(v)
			yy := y(v[len(v)/2])
			if px >= 0 && segs[x] == pseg && x-px <= 8 {
				line(img, px, py, x, yy, thumbLine)
			} else {
				fill(img, x, yy, x+1, yy+2, thumbLine)
			}
			px, py, pseg = x, yy, segs[x]
		}
	}
	// A handful of flat colours: a paletted PNG keeps them exactly, in half the
	// bytes of RGBA.
	return vgpng.Encode(w, img, dashPalette)
}

// fill paints the rectangle from (x0, y0) to (x1, y1), less its right and bottom
// edges, in c, clipped to img: one row pixel by pixel, the others copied from it.
func fill(img *image.RGBA, x0, y0, x1, y1 int, c color.RGBA) {
	r := image.Rect(x0, y0, x1, y1).Intersect(img.Bounds())
	if r.Empty() {
		return
	}
	first := img.Pix[img.PixOffset(r.Min.X, r.Min.Y):][:4*r.Dx()]
	for i := 0; i < len(first); i += 4 {
		first[i], first[i+1], first[i+2], first[i+3] = c.R, c.G, c.B, c.A
	}
	for y := r.Min.Y + 1; y < r.Max.Y; y++ {
		copy(img.Pix[img.PixOffset(r.Min.X, y):], first)
	}
}

// line draws a two-pixel-thick line from (x0,y0) to (x1,y1).
func line(img *image.RGBA, x0, y0, x1, y1 int, c color.RGBA) {
	dx, dy := abs(x1-x0), -abs(y1-y0)
	sx, sy := sign(x1-x0), sign(y1-y0)
	e := dx + dy
	for {
		fill(img, x0, y0, x0+1, y0+2, c)
		if x0 == x1 && y0 == y1 {
			return
		}
		e2 := 2 * e
		if e2 >= dy {
			e += dy
			x0 += sx
		}
		if e2 <= dx {
			e += dx
			y0 += sy
		}
	}
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

func sign(v int) int {
	switch {
	case v < 0:
		return -1
	case v > 0:
		return 1
	}
	return 0
}
