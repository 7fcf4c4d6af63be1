package localtime

import (
	"math"
	"sync"
	"testing"
	"time"
)

// offsetHours returns the UTC offset in hours of loc at the given UTC date.
func offsetHours(loc *time.Location, year int, month time.Month, day int) float64 {
	_, off := time.Date(year, month, day, 12, 0, 0, 0, time.UTC).In(loc).Zone()
	return float64(off) / 3600
}

// Known wrong answers of the 2019 map, not asserted here so that no test pins them:
//
//   - Ciudad Juárez (31.69, -106.42) gives America/Ojinaga, -5/-6 h in 2024, where the
//     city's real zone America/Ciudad_Juarez (created in 2022) is -6/-7 h.
//   - Kyiv (50.45, 30.52) gives Europe/Kiev, the old name; the offset is right.
//   - The Chatham Islands (-43.95, -176.55) give Pacific/Auckland (+12 h in July), not
//     Pacific/Chatham (+12:45).
//   - At sea it gives a land zone: (0, -150) in the Pacific gives Pacific/Kiritimati
//     (+14 h) where the nautical zone is -10 h; (30, -40) in the Atlantic gives
//     Atlantic/Azores.

func TestZone(t *testing.T) {
	tests := []struct {
		place    string
		lat, lon float64
		name     string
		july     float64 // UTC offset in hours on 1 July 2024
		january  float64 // UTC offset in hours on 1 January 2024
	}{
		{"Boulder", 40.015, -105.27, "America/Denver", -6, -7},
		{"London", 51.5074, -0.1278, "Europe/London", 1, 0},
		{"Sydney", -33.8688, 151.2093, "Australia/Sydney", 10, 11},
		{"Berlin", 52.52, 13.405, "Europe/Berlin", 2, 1},
		{"Phoenix", 33.4484, -112.074, "America/Phoenix", -7, -7},
		{"Kathmandu", 27.7172, 85.324, "Asia/Kathmandu", 5.75, 5.75},
		{"Honolulu", 21.3069, -157.8583, "Pacific/Honolulu", -10, -10},
		{"Lord Howe Island", -31.5553, 159.0821, "Australia/Lord_Howe", 10.5, 11},
		// Points near a border, where the map is right.
		{"El Paso", 31.7619, -106.485, "America/Denver", -6, -7},
		{"Konstanz", 47.66, 9.175, "Europe/Berlin", 2, 1},
		{"Kreuzlingen", 47.645, 9.175, "Europe/Zurich", 2, 1},
		{"Tijuana", 32.5149, -117.0382, "America/Tijuana", -7, -8},
		{"San Ysidro", 32.5522, -117.043, "America/Los_Angeles", -7, -8},
		{"Gary", 41.5934, -87.3464, "America/Chicago", -5, -6},
		{"Detroit", 42.3314, -83.0458, "America/Detroit", -4, -5},
		{"Windsor", 42.3149, -83.0364, "America/Toronto", -4, -5},
	}
	for _, tt := range tests {
		t.Run(tt.place, func(t *testing.T) {
			loc := Zone(tt.lat, tt.lon)
			if loc == nil {
				t.Fatalf("Zone(%v, %v) = nil, want %s", tt.lat, tt.lon, tt.name)
			}
			if loc.String() != tt.name {
				t.Errorf("Zone(%v, %v) = %s, want %s", tt.lat, tt.lon, loc, tt.name)
			}
			if got := offsetHours(loc, 2024, time.July, 1); got != tt.july {
				t.Errorf("offset in July = %v h, want %v h", got, tt.july)
			}
			if got := offsetHours(loc, 2024, time.January, 1); got != tt.january {
				t.Errorf("offset in January = %v h, want %v h", got, tt.january)
			}
		})
	}
}

// TestZoneAtSea checks that a point in the open ocean still gets a zone. The map has no
// ocean zones, so which one is not asserted (see the known wrong answers above).
func TestZoneAtSea(t *testing.T) {
	for _, p := range [][2]float64{{30, -40}, {0, -150}, {-60, 0}} {
		if loc := Zone(p[0], p[1]); loc == nil {
			t.Errorf("Zone(%v, %v) = nil, want a zone", p[0], p[1])
		}
	}
}

// TestZoneNamesLoad checks, on a grid over the whole globe, that every name the map gives
// is one that time.LoadLocation knows, so Zone never turns a known zone into nil.
func TestZoneNamesLoad(t *testing.T) {
	seen := map[string]bool{}
	for lat := -89.5; lat < 90; lat += 1 {
		for lon := -179.5; lon < 180; lon += 1 {
			name := zoneName(lat, lon)
			if name == "" || seen[name] {
				continue
			}
			seen[name] = true
			if location(name) == nil {
				t.Errorf("zone %q at (%v, %v) does not load", name, lat, lon)
			}
		}
	}
	if len(seen) < 300 {
		t.Errorf("grid found %d zones, want at least 300", len(seen))
	}
}

func TestZoneInvalid(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name     string
		lat, lon float64
	}{
		{"NaN latitude", nan, 10},
		{"NaN longitude", 10, nan},
		{"infinite latitude", math.Inf(1), 10},
		{"infinite longitude", 10, math.Inf(-1)},
		{"latitude above 90", 90.5, 10},
		{"latitude below -90", -91, 10},
		{"longitude above 180", 10, 180.5},
		{"longitude below -180", 10, -200},
		{"null island", 0, 0},
	}
	for _, tt := range tests {
		if loc := Zone(tt.lat, tt.lon); loc != nil {
			t.Errorf("%s: Zone(%v, %v) = %s, want nil", tt.name, tt.lat, tt.lon, loc)
		}
	}
}

func TestZoneSameLocation(t *testing.T) {
	a := Zone(40.015, -105.27)
	b := Zone(39.7392, -104.9903) // Denver
	if a == nil || a != b {
		t.Errorf("Zone gave %p and %p for two points of America/Denver, want one *time.Location", a, b)
	}
}

func TestZoneConcurrent(t *testing.T) {
	points := [][2]float64{{40.015, -105.27}, {-33.8688, 151.2093}, {47.645, 9.175}, {51.5074, -0.1278}}
	want := make([]string, len(points))
	for i, p := range points {
		want[i] = Zone(p[0], p[1]).String()
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 50; i++ {
				k := (g + i) % len(points)
				if got := Zone(points[k][0], points[k][1]); got == nil || got.String() != want[k] {
					t.Errorf("Zone(%v) = %v, want %s", points[k], got, want[k])
					return
				}
			}
		}()
	}
	wg.Wait()
}

// BenchmarkZone measures one lookup, the location already cached (Boulder).
func BenchmarkZone(b *testing.B) {
	Zone(40.015, -105.27)
	for b.Loop() {
		Zone(40.015, -105.27)
	}
}

// BenchmarkZoneBorder measures one lookup near a border (Kreuzlingen, at the
// Swiss-German border).
func BenchmarkZoneBorder(b *testing.B) {
	Zone(47.645, 9.175)
	for b.Loop() {
		Zone(47.645, 9.175)
	}
}
