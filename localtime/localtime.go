package localtime

import (
	"math"
	"sync"
	"time"
	_ "time/tzdata" // Let time.LoadLocation work on systems without a zoneinfo database.

	"github.com/zsefvlol/timezonemapper"
)

var locations sync.Map // zone name → *time.Location, or nil for names that do not load

// zoneName returns the IANA name of the time zone at latitude lat and longitude lon (degrees),
// or "" when the coordinates are not valid or lie in no zone the data knows.
//
// Coordinates (0, 0) count as not valid: that is what devices write when they have no fix.
func zoneName(lat, lon float64) string {
	if !valid(lat, lon) {
		return ""
	}
	return timezonemapper.LatLngToTimezoneString(lat, lon)
}

// Zone returns the time zone at latitude lat and longitude lon (degrees), or nil when the
// coordinates are not valid or lie in no zone the data knows.
//
// Coordinates (0, 0) count as not valid: that is what devices write when they have no fix.
// The data has no ocean zones: at sea the result is the land zone of some nearby region.
// Zone is safe for concurrent use, and it returns the same *time.Location for every point
// of one zone.
func Zone(lat, lon float64) *time.Location {
	name := zoneName(lat, lon)
	if name == "" {
		return nil
	}
	return location(name)
}

// location returns the time.Location named name, loading it once.
func location(name string) *time.Location {
	if v, ok := locations.Load(name); ok {
		return v.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		loc = nil
	}
	v, _ := locations.LoadOrStore(name, loc)
	return v.(*time.Location)
}

// valid reports whether lat and lon are finite coordinates within [-90, 90] and
// [-180, 180] degrees and are not both 0, the "null island" that devices write when they
// have no fix.
func valid(lat, lon float64) bool {
	if math.IsNaN(lat) || math.IsNaN(lon) {
		return false
	}
	if lat < -90 || lat > 90 || lon < -180 || lon > 180 {
		return false
	}
	return lat != 0 || lon != 0
}
