// Package localtime finds the time zone of a place from its coordinates, offline, so that
// an activity recorded with GPS is shown in the runner's local time.
//
// The boundaries come from github.com/zsefvlol/timezonemapper, a Go translation of
// drtimcooper/LatLongToTimezone: the zone map is compiled into a tree of comparisons on
// latitude and longitude, so a lookup is plain code (well under a microsecond, once the
// zone's time.Location is cached), with nothing to load and no heap to hold, and it adds
// about 1.8 MB to the binary. Nothing is read from the network or the file system: the
// tz rules come from the embedded copy of the IANA database (time/tzdata) whenever the
// system has none.
//
// It replaced github.com/ringsaturn/tzf, whose boundaries are more exact but which added
// 11 MiB to the binary, took about 2 s on the first lookup near a border or a coast and
// pushed peak memory to some 180 MB. Here we only need the UTC offset of the start of a
// run, and for that the cheaper map is good enough. Its known limits:
//
//   - The boundaries date from 2019 (the library's map was last updated on 2019-10-22).
//     Zones created since are missing: Ciudad Juárez gets America/Ojinaga, which has been
//     one hour ahead of the city's real zone (America/Ciudad_Juarez) since late 2022.
//     Renamed zones keep their old name (Kyiv is Europe/Kiev); time/tzdata still knows
//     those names as links, so they load and give the right offsets.
//   - The map has no ocean zones: the tree returns the land zone of some nearby region
//     for a point at sea, rather than a nautical zone such as Etc/GMT+3. A run that
//     starts on a boat far from shore may therefore get a wrong offset.
//   - Near a border the simplified boundaries can put a point in the zone next door.
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
