package vgpng

import (
	"image"
	"image/color"
	"math"

	"github.com/golang/freetype/raster"
	"golang.org/x/image/math/fixed"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Canvas is a vg.Canvas that draws the report's pictures (the dashboards and the
// trend picture) on a Picture, in palette indices, and never through gg, which
// would rasterise every glyph's outline afresh and fill every rectangle and dot as
// a general path:
//   - text upright or turned a quarter turn (a y axis label) from glyph masks cached
//     for the whole program, each glyph on whole pixels, so that the same letter is
//     the same pixels wherever it is;
//   - the dots of the scatter from one cached mask per sub-pixel position;
//   - upright rectangles, and horizontal or vertical lines, dashed or not, with each
//     edge pixel covered in proportion;
//   - every other path through freetype's rasteriser, stroked and dashed as vgimg
//     strokes it through gg: butt caps, round joins, non-zero winding.
//
// Coverage is in blendSteps levels throughout (see Picture).
type Canvas struct {
	pic   *Picture
	dpi   float64
	state []state     // the current state last; Push copies it, Pop drops it
	path  raster.Path // the path being rasterised, kept for reuse
	subs  [][]point   // the subpaths of the path being drawn, kept for reuse
}

// state is what Push saves of the canvas.
type state struct {
	m      affine
	clr    color.Color
	width  vg.Length
	dashes []vg.Length
	offs   vg.Length
}

// affine maps a point p of the current coordinates (in points, y upwards) to the
// canvas: (xx*p.X + xy*p.Y + x0, yx*p.X + yy*p.Y + y0).
type affine struct{ xx, xy, x0, yx, yy, y0 float64 }

// point is a point on the picture, in pixels from its top left.
type point struct{ x, y float64 }

// New returns a canvas that draws on pic at dpi.
func New(pic *Picture, dpi float64) *Canvas {
	return &Canvas{pic: pic, dpi: dpi,
		state: []state{{m: affine{xx: 1, yy: 1}, clr: color.Black, width: 1}}}
}

// CanvasOf returns the Canvas that c draws on, or nil if none: the canvases of
// a plot are draw.Canvas values nested around the one the picture was made with.
func CanvasOf(c vg.Canvas) *Canvas {
	for {
		switch v := c.(type) {
		case *Canvas:
			return v
		case draw.Canvas:
			c = v.Canvas
		case *draw.Canvas:
			c = v.Canvas
		default:
			return nil
		}
	}
}

func (c *Canvas) top() *state { return &c.state[len(c.state)-1] }

// Size implements vg.CanvasSizer.
func (c *Canvas) Size() (w, h vg.Length) {
	return vg.Length(float64(c.pic.w) * 72 / c.dpi), vg.Length(float64(c.pic.h) * 72 / c.dpi)
}

// SetColor implements vg.Canvas.
func (c *Canvas) SetColor(clr color.Color) {
	if clr == nil {
		clr = color.Black
	}
	c.top().clr = clr
}

// SetLineWidth implements vg.Canvas.
func (c *Canvas) SetLineWidth(w vg.Length) { c.top().width = w }

// SetLineDash implements vg.Canvas.
func (c *Canvas) SetLineDash(dashes []vg.Length, offs vg.Length) {
	c.top().dashes, c.top().offs = dashes, offs
}

// Push implements vg.Canvas.
func (c *Canvas) Push() { c.state = append(c.state, *c.top()) }

// Pop implements vg.Canvas.
func (c *Canvas) Pop() {
	if len(c.state) > 1 {
		c.state = c.state[:len(c.state)-1]
	}
}

// Translate implements vg.Canvas.
func (c *Canvas) Translate(pt vg.Point) {
	m := &c.top().m
	x, y := float64(pt.X), float64(pt.Y)
	m.x0 += m.xx*x + m.xy*y
	m.y0 += m.yx*x + m.yy*y
}

// Rotate implements vg.Canvas.
func (c *Canvas) Rotate(rad float64) {
	m := &c.top().m
	sin, cos := math.Sincos(rad)
	m.xx, m.xy = m.xx*cos+m.xy*sin, -m.xx*sin+m.xy*cos
	m.yx, m.yy = m.yx*cos+m.yy*sin, -m.yx*sin+m.yy*cos
}

// Scale implements vg.Canvas.
func (c *Canvas) Scale(x, y float64) {
	m := &c.top().m
	m.xx, m.yx = m.xx*x, m.yx*x
	m.xy, m.yy = m.xy*y, m.yy*y
}

// device returns where pt falls on the picture, in pixels from its top left.
func (c *Canvas) device(pt vg.Point) point {
	m, s := c.top().m, c.dpi/72
	x, y := float64(pt.X), float64(pt.Y)
	return point{(m.xx*x + m.xy*y + m.x0) * s, float64(c.pic.h) - (m.yx*x+m.yy*y+m.y0)*s}
}

// pixel returns where pt falls on the picture, in pixels from its top left, and
// whether the current transform is a plain translation that the fast paths handle.
func (c *Canvas) pixel(pt vg.Point) (x, y float64, ok bool) {
	m := c.top().m
	if m.xx != 1 || m.yy != 1 || m.xy != 0 || m.yx != 0 {
		return 0, 0, false
	}
	s := c.dpi / 72
	x = (float64(pt.X) + m.x0) * s
	y = float64(c.pic.h) - (float64(pt.Y)+m.y0)*s
	return x, y, true
}

// Fill implements vg.Canvas: an upright rectangle straight on the picture, with
// each pixel covered in proportion to its area inside; anything else through the
// rasteriser, every subpath closed, by the non-zero winding rule.
func (c *Canvas) Fill(p vg.Path) {
	if r, ok := c.rect(p); ok {
		c.fillRect(r)
		return
	}
	subs := c.flatten(p)
	c.path = c.path[:0]
	for _, sp := range subs {
		sp = clipPolygon(sp, -2, -2, float64(c.pic.w)+2, float64(c.pic.h)+2)
		if len(sp) < 3 {
			continue
		}
		for i, q := range sp {
			if i == 0 {
				c.path.Start(fix26(q))
			} else {
				c.path.Add1(fix26(q))
			}
		}
		c.path.Add1(fix26(sp[0]))
	}
	r := c.rasteriser()
	r.UseNonZeroWinding = true
	r.AddPath(c.path)
	c.rasterise(r)
}

// Stroke implements vg.Canvas: a lone horizontal or vertical segment, dashed or
// not, as the rectangles of its dashes; anything else through the rasteriser. The
// ends are butt ends, as vgimg draws them for the dashboard, and the joins round.
func (c *Canvas) Stroke(p vg.Path) {
	st := c.top()
	if !(st.width > 0) {
		return
	}
	if c.strokeStraight(p) {
		return
	}
	s := c.dpi / 72
	// A line wider than twice the picture's perimeter covers as much of it as one
	// of that width; wider still would overflow the rasteriser.
	width := math.Min(float64(st.width)*s, float64(2*(c.pic.w+c.pic.h)+4))
	subs := c.flatten(p)
	// Far outside the picture a line only costs time: the lines are cut at a margin
	// wider than the line, so that the cut ends do not show. A dash pattern then
	// starts where a line is cut: a dashed line that comes from beyond the margin
	// is out of phase with where its dashes would be. The dashboards' lines never
	// do: gonum cuts them to the plot before they reach the canvas.
	pad := width + 2
	subs = clipLines(subs, -pad, -pad, float64(c.pic.w)+pad, float64(c.pic.h)+pad)
	if len(st.dashes) > 0 {
		subs = dashPath(subs, st.dashes, st.offs, s)
	}
	// Points within 1/16 pixel of the last one kept are dropped, as gg drops them:
	// they upset the rasteriser's joins.
	c.path = c.path[:0]
	for _, sp := range subs {
		if len(sp) < 2 {
			continue
		}
		prev := fix26(sp[0])
		c.path.Start(prev)
		for _, q := range sp[1:] {
			f := fix26(q)
			if dx, dy := f.X-prev.X, f.Y-prev.Y; max(dx, -dx)+max(dy, -dy) > 4 {
				c.path.Add1(f)
				prev = f
			}
		}
	}
	r := c.rasteriser()
	r.UseNonZeroWinding = true
	r.AddStroke(c.path, fixed.Int26_6(math.Round(width*64)), raster.ButtCapper, raster.RoundJoiner)
	c.rasterise(r)
}

// rasteriser returns the picture's rasteriser, cleared.
func (c *Canvas) rasteriser() *raster.Rasterizer {
	if c.pic.ras == nil {
		c.pic.ras = raster.NewRasterizer(c.pic.w, c.pic.h)
	}
	c.pic.ras.Clear()
	return c.pic.ras
}

// rasterise paints what r holds in the current colour.
func (c *Canvas) rasterise(r *raster.Rasterizer) {
	t := c.pic.table(c.top().clr)
	r.Rasterize(painter(func(spans []raster.Span) {
		for _, sp := range spans {
			if sp.Y < 0 || sp.Y >= c.pic.h {
				continue
			}
			c.pic.span(t, levelOf16(sp.Alpha), sp.Y, max(sp.X0, 0), min(sp.X1, c.pic.w))
		}
	}))
}

// painter is a raster.Painter of a function.
type painter func(spans []raster.Span)

// Paint implements raster.Painter.
func (f painter) Paint(spans []raster.Span, done bool) { f(spans) }

// fixLimit is how far from the picture, in pixels, a point is kept as it is: the
// rasteriser's fixed-point arithmetic overflows, and can then loop for ever, not
// much beyond. Paths are cut to a margin around the picture before they get here.
const fixLimit = 1 << 18

// farLimit is how far from the picture, in pixels, a point may be at all: farther, it
// is taken as not finite. Cutting lines to the picture in float64 stays exact to a
// small fraction of a pixel within it, and overflows to infinity far beyond.
const farLimit = 1e12

// fix26 returns q in the rasteriser's fixed point, within fixLimit (0 for NaN).
func fix26(q point) fixed.Point26_6 {
	clamp := func(v float64) fixed.Int26_6 {
		if v != v {
			return 0
		}
		return fixed.Int26_6(math.Round(math.Max(-fixLimit, math.Min(fixLimit, v)) * 64))
	}
	return fixed.Point26_6{X: clamp(q.x), Y: clamp(q.y)}
}

// DrawImage implements vg.Canvas: img scaled to rect, each pixel of the picture in
// the colour of the nearest pixel of img, drawn over what is there. It is drawn
// upright in the box that rect's corners span on the picture, whatever the
// rotation: no picture of ours draws an image.
func (c *Canvas) DrawImage(rect vg.Rectangle, img image.Image) {
	b := img.Bounds()
	p0, p1 := c.device(rect.Min), c.device(rect.Max)
	x0, x1 := math.Min(p0.x, p1.x), math.Max(p0.x, p1.x)
	y0, y1 := math.Min(p0.y, p1.y), math.Max(p0.y, p1.y)
	if b.Empty() || !(x1 > x0 && y1 > y0) {
		return
	}
	for py := max(int(math.Floor(y0)), 0); py < min(int(math.Ceil(y1)), c.pic.h); py++ {
		row := c.pic.row(py)
		sy := b.Min.Y + min(int((float64(py)+0.5-y0)/(y1-y0)*float64(b.Dy())), b.Dy()-1)
		for px := max(int(math.Floor(x0)), 0); px < min(int(math.Ceil(x1)), c.pic.w); px++ {
			sx := b.Min.X + min(int((float64(px)+0.5-x0)/(x1-x0)*float64(b.Dx())), b.Dx()-1)
			// No blend table: an image has too many colours to keep one for each.
			r, g, bl, a := img.At(max(sx, b.Min.X), max(sy, b.Min.Y)).RGBA()
			row[px] = c.pic.index(mix(inkKey{r, g, bl, a}, blendSteps, c.pic.pal[row[px]]), true)
		}
	}
}
