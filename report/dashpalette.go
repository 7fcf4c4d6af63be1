package report

import (
	"image/color"

	"github.com/cadence-run/cadence/report/internal/vgpng"
)

// dashInks are the dashboard's drawing colours: those that dashPalette holds
// exactly, with their blends with white.
var dashInks = []color.Color{dashBlue, dashSky, dashGreen, dashOrange, dashVermilion, dashPurple,
	dashInk, dashMuted, dashFlat}

// dashPalette is the base of the palette of every picture the package draws (the
// dashboards, the trend picture and, when they have more than 256 colours, the
// thumbnails): white, dashInks and their blends with white (see vgpng.BasePalette).
var dashPalette = vgpng.BasePalette(dashInks...)
