package report

import (
	"image/color"
	"math"
	"strings"
	"sync"

	"github.com/cadence-run/cadence/report/internal/vgpng"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Text on a dashboard: widths measured once and kept, labels on a pale box, notes.

// dashText is text.Plain with the measures of text remembered: gonum measures
// each label several times while it lays out the axes, allocating as it goes, and
// that was a tenth of the time of a dashboard. One lives as long as one dashboard.
type dashText struct {
	text.Plain
	widths  map[dashTextKey]vg.Length
	extents map[font.Font]font.Extents
}

type dashTextKey struct {
	s string
	f font.Font
}

func newDashText(fonts *font.Cache) *dashText {
	return &dashText{Plain: text.Plain{Fonts: fonts},
		widths: map[dashTextKey]vg.Length{}, extents: map[font.Font]font.Extents{}}
}

// Extents implements text.Handler.
func (h *dashText) Extents(f font.Font) font.Extents {
	e, ok := h.extents[f]
	if !ok {
		e = h.Plain.Extents(f)
		h.extents[f] = e
	}
	return e
}

// width returns the width of one line of text in f.
func (h *dashText) width(s string, f font.Font) vg.Length {
	k := dashTextKey{s, f}
	w, ok := h.widths[k]
	if ok {
		return w
	}
	// Tick labels, titles and legends recur from one dashboard to the next.
	dashWidthsMu.Lock()
	w, ok = dashWidths[k]
	dashWidthsMu.Unlock()
	if !ok {
		face := h.Fonts.Lookup(f, f.Size)
		w = face.Width(s)
		// vgpng.Canvas sets digits without kerning (vgpng.Tabular): take the kerning of each
		// pair of digits back out. (Digits are ASCII, never inside a longer UTF-8 rune.)
		for i := 1; i < len(s); i++ {
			if vgpng.Tabular(rune(s[i-1]), rune(s[i])) {
				w -= face.Width(s[i-1:i+1]) - face.Width(s[i-1:i]) - face.Width(s[i:i+1])
			}
		}
		dashWidthsMu.Lock()
		if len(dashWidths) >= dashWidthsMax {
			clear(dashWidths)
		}
		dashWidths[k] = w
		dashWidthsMu.Unlock()
	}
	h.widths[k] = w
	return w
}

// dashWidths remembers text widths for every dashboard of the program, up to
// dashWidthsMax of them: the fonts all come from the one embedded collection (see
// fonts), so a width never changes.
var (
	dashWidthsMu sync.Mutex
	dashWidths   = map[dashTextKey]vg.Length{}
)

const dashWidthsMax = 1 << 14

// Box implements text.Handler.
func (h *dashText) Box(s string, f font.Font) (width, height, depth vg.Length) {
	e := h.Extents(f)
	return h.width(s, f), e.Ascent, e.Descent
}

// Draw implements text.Handler as text.Plain does, with the remembered measures.
func (h *dashText) Draw(c vg.Canvas, txt string, sty text.Style, pt vg.Point) {
	txt = strings.TrimRight(txt, "\n")
	if len(txt) == 0 {
		return
	}
	fnt := h.Fonts.Lookup(sty.Font, sty.Font.Size)
	c.SetColor(sty.Color)
	if sty.Rotation != 0 {
		c.Push()
		c.Rotate(sty.Rotation)
	}
	sin64, cos64 := math.Sincos(sty.Rotation)
	cos, sin := vg.Length(cos64), vg.Length(sin64)
	pt.X, pt.Y = pt.Y*sin+pt.X*cos, pt.Y*cos-pt.X*sin
	lines := h.Lines(txt)
	pt.Y += sty.Height(txt)*vg.Length(sty.YAlign) - h.Extents(sty.Font).Ascent
	for i, line := range lines {
		xoffs := vg.Length(sty.XAlign) * h.width(line, sty.Font)
		n := vg.Length(len(lines) - i)
		c.FillString(fnt, pt.Add(vg.Point{X: xoffs, Y: n * sty.Font.Size}), line)
	}
	if sty.Rotation != 0 {
		c.Pop()
	}
}

// text draws s at pt.
func (d *dashboard) text(c draw.Canvas, pt vg.Point, s string, size vg.Length, bold bool, clr color.Color, xa draw.XAlignment, ya draw.YAlignment) {
	sty := d.style(size, bold, clr)
	sty.XAlign, sty.YAlign = xa, ya
	c.FillText(sty, pt, s)
}

// label draws s at pt on a pale box, so that it stays readable over data.
func (d *dashboard) label(c draw.Canvas, pt vg.Point, s string, size vg.Length, bold bool, clr color.Color, xa draw.XAlignment, ya draw.YAlignment) {
	sty := d.style(size, bold, clr)
	sty.XAlign, sty.YAlign = xa, ya
	rect := sty.Rectangle(s)
	const pad = 2
	box := vg.Rectangle{Min: vg.Point{X: pt.X + rect.Min.X - pad, Y: pt.Y + rect.Min.Y - pad},
		Max: vg.Point{X: pt.X + rect.Max.X + pad, Y: pt.Y + rect.Max.Y + pad}}
	c.SetColor(dashLabelBack)
	c.Fill(box.Path())
	c.FillText(sty, pt, s)
}

// note draws a message in the middle of a panel that has no data to show.
func (d *dashboard) note(p *plot.Plot, msg string) {
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
	p.HideAxes()
	p.X.Label.Text, p.Y.Label.Text = "", ""
	p.Add(dashLayer(func(c draw.Canvas, _ *plot.Plot) {
		c.SetColor(dashNoteBack)
		c.Fill(c.Rectangle.Path())
		d.text(c, c.Center(), msg, 13, false, dashMuted, draw.XCenter, draw.YCenter)
	}))
}
