package synth

import (
	"html"
	"math"
	"strconv"
	"time"

	"github.com/muktihari/fit/profile/typedef"
)

// The time format of Garmin Connect's GPX and TCX exports.
const xmlTimeFormat = "2006-01-02T15:04:05.000Z"

// appendNum appends x with at most prec decimals and no trailing zeros.
func appendNum(b []byte, x float64, prec int) []byte {
	x = math.Round(x*math.Pow10(prec)) / math.Pow10(prec)
	return strconv.AppendFloat(b, x, 'f', -1, 64)
}

// appendTime appends t in UTC as Garmin Connect writes it.
func appendTime(b []byte, t time.Time) []byte {
	return t.UTC().AppendFormat(b, xmlTimeFormat)
}

// gpxType is the <type> of a Garmin Connect GPX track.
func gpxType(sport string) string {
	switch sport {
	case Cycling:
		return "cycling"
	case Walking:
		return "walking"
	}
	return "running"
}

// GPX returns the activity of s as Garmin Connect exports it in GPX 1.1: one track
// named s.Name, of <type> s.Sport (no <type> when s.Sport is ""), with a point a second carrying elevation, time and
// a gpxtpx:TrackPointExtension with heart rate and cadence. Cadence is one foot's
// (CadenceSPM/2) for foot sports and rpm for rides. GPX points carry no distance: the
// loop's length, measured point to point, is DistanceM.
func GPX(s Spec) []byte {
	n := s.Seconds()
	b := make([]byte, 0, 4096+(n+1)*340)
	b = append(b, `<?xml version="1.0" encoding="UTF-8"?>
<gpx creator="Garmin Connect" version="1.1"
  xsi:schemaLocation="http://www.topografix.com/GPX/1/1 http://www.topografix.com/GPX/11.xsd http://www.garmin.com/xmlschemas/TrackPointExtension/v1 http://www.garmin.com/xmlschemas/TrackPointExtensionv1.xsd"
  xmlns="http://www.topografix.com/GPX/1/1"
  xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1"
  xmlns:gpxx="http://www.garmin.com/xmlschemas/GpxExtensions/v3"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <metadata>
    <link href="connect.garmin.com">
      <text>Garmin Connect</text>
    </link>
    <time>`...)
	b = appendTime(b, s.Start)
	b = append(b, "</time>\n  </metadata>\n  <trk>\n    <name>"...)
	b = append(b, html.EscapeString(s.Name)...)
	b = append(b, "</name>\n"...)
	if s.Sport != "" { // a Spec without a sport writes a GPX that names none
		b = append(b, "    <type>"...)
		b = append(b, gpxType(s.Sport)...)
		b = append(b, "</type>\n"...)
	}
	b = append(b, "    <trkseg>\n"...)
	cad := s.FileCadence()
	track(s, func(_ int, p point) {
		b = append(b, `      <trkpt lat="`...)
		b = appendNum(b, p.lat, 8)
		b = append(b, `" lon="`...)
		b = appendNum(b, p.lon, 8)
		b = append(b, "\">\n        <ele>"...)
		b = appendNum(b, p.alt, 1)
		b = append(b, "</ele>\n        <time>"...)
		b = appendTime(b, p.t)
		b = append(b, "</time>\n        <extensions>\n          <gpxtpx:TrackPointExtension>\n            <gpxtpx:hr>"...)
		b = strconv.AppendUint(b, uint64(p.hr), 10)
		b = append(b, "</gpxtpx:hr>\n            <gpxtpx:cad>"...)
		if s.CadenceSlope != 0 {
			cad = s.cadenceAt(p.speed)
		}
		b = appendNum(b, cad, 2)
		b = append(b, "</gpxtpx:cad>\n          </gpxtpx:TrackPointExtension>\n        </extensions>\n      </trkpt>\n"...)
	})
	b = append(b, "    </trkseg>\n  </trk>\n</gpx>\n"...)
	return b
}

// tcxSport is the Sport attribute of a TCX activity, which knows only three.
func tcxSport(sport string) string {
	switch sport {
	case Running:
		return "Running"
	case Cycling:
		return "Biking"
	}
	return "Other"
}

// TCX returns the activity of s as Garmin Connect exports it in TCX: one activity with
// one lap (time, distance, speed, calories, heart rate, cadence) and a trackpoint a
// second with time, position, altitude, distance, heart rate and cadence. Runs carry
// their cadence (one foot, CadenceSPM/2) as ns3:TPX RunCadence and the lap's as
// ns3:LX AvgRunCadence; rides carry rpm in the core Cadence elements. TCX names no
// walking sport, so a walk is Sport="Other".
func TCX(s Spec) []byte {
	n := s.Seconds()
	run := s.Sport == Running
	cad := s.FileCadence()
	st := stats(s)
	b := make([]byte, 0, 4096+(n+1)*520)
	b = append(b, `<?xml version="1.0" encoding="UTF-8"?>
<TrainingCenterDatabase
  xsi:schemaLocation="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2 http://www.garmin.com/xmlschemas/TrainingCenterDatabasev2.xsd"
  xmlns:ns5="http://www.garmin.com/xmlschemas/ActivityGoals/v1"
  xmlns:ns3="http://www.garmin.com/xmlschemas/ActivityExtension/v2"
  xmlns:ns2="http://www.garmin.com/xmlschemas/UserProfile/v2"
  xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:ns4="http://www.garmin.com/xmlschemas/ProfileExtension/v1">
  <Activities>
    <Activity Sport="`...)
	b = append(b, tcxSport(s.Sport)...)
	b = append(b, "\">\n      <Id>"...)
	b = appendTime(b, s.Start)
	b = append(b, "</Id>\n      <Lap StartTime=\""...)
	b = appendTime(b, s.Start)
	b = append(b, "\">\n        <TotalTimeSeconds>"...)
	b = strconv.AppendInt(b, int64(n), 10)
	b = append(b, ".0</TotalTimeSeconds>\n        <DistanceMeters>"...)
	b = appendNum(b, s.DistanceM, 2)
	b = append(b, "</DistanceMeters>\n        <MaximumSpeed>"...)
	b = appendNum(b, st.maxSpeed, 3)
	b = append(b, "</MaximumSpeed>\n        <Calories>"...)
	b = strconv.AppendUint(b, uint64(calories(s)), 10)
	b = append(b, "</Calories>\n        <AverageHeartRateBpm>\n          <Value>"...)
	b = strconv.AppendUint(b, uint64(st.avgHR), 10)
	b = append(b, "</Value>\n        </AverageHeartRateBpm>\n        <MaximumHeartRateBpm>\n          <Value>"...)
	b = strconv.AppendUint(b, uint64(st.maxHR), 10)
	b = append(b, "</Value>\n        </MaximumHeartRateBpm>\n        <Intensity>Active</Intensity>\n"...)
	if !run {
		b = append(b, "        <Cadence>"...)
		b = appendNum(b, cad, 0)
		b = append(b, "</Cadence>\n"...)
	}
	b = append(b, "        <TriggerMethod>Manual</TriggerMethod>\n        <Track>\n"...)
	track(s, func(_ int, p point) {
		b = append(b, "          <Trackpoint>\n            <Time>"...)
		b = appendTime(b, p.t)
		b = append(b, "</Time>\n            <Position>\n              <LatitudeDegrees>"...)
		b = appendNum(b, p.lat, 8)
		b = append(b, "</LatitudeDegrees>\n              <LongitudeDegrees>"...)
		b = appendNum(b, p.lon, 8)
		b = append(b, "</LongitudeDegrees>\n            </Position>\n            <AltitudeMeters>"...)
		b = appendNum(b, p.alt, 1)
		b = append(b, "</AltitudeMeters>\n            <DistanceMeters>"...)
		b = appendNum(b, p.dist, 2)
		b = append(b, "</DistanceMeters>\n            <HeartRateBpm>\n              <Value>"...)
		b = strconv.AppendUint(b, uint64(p.hr), 10)
		b = append(b, "</Value>\n            </HeartRateBpm>\n"...)
		if !run {
			b = append(b, "            <Cadence>"...)
			b = appendNum(b, cad, 2)
			b = append(b, "</Cadence>\n"...)
		}
		b = append(b, "            <Extensions>\n              <ns3:TPX>\n                <ns3:Speed>"...)
		b = appendNum(b, p.speed, 3)
		b = append(b, "</ns3:Speed>\n"...)
		if run {
			b = append(b, "                <ns3:RunCadence>"...)
			b = appendNum(b, cad, 2)
			b = append(b, "</ns3:RunCadence>\n"...)
		}
		b = append(b, "              </ns3:TPX>\n            </Extensions>\n          </Trackpoint>\n"...)
	})
	b = append(b, "        </Track>\n        <Extensions>\n          <ns3:LX>\n            <ns3:AvgSpeed>"...)
	b = appendNum(b, st.avgSpeed, 3)
	b = append(b, "</ns3:AvgSpeed>\n"...)
	if run {
		b = append(b, "            <ns3:AvgRunCadence>"...)
		b = appendNum(b, cad, 2)
		b = append(b, "</ns3:AvgRunCadence>\n"...)
	}
	b = append(b, "          </ns3:LX>\n        </Extensions>\n      </Lap>\n"...)
	device, product, unit := "Forerunner 965", typedef.GarminProductFr965, watchSerial
	if s.Sport == Cycling {
		device, product, unit = "Edge 840", typedef.GarminProductEdge840, bikeSerial
	}
	b = append(b, "      <Creator xsi:type=\"Device_t\">\n        <Name>"...)
	b = append(b, device...)
	b = append(b, "</Name>\n        <UnitId>"...)
	b = strconv.AppendInt(b, int64(unit), 10)
	b = append(b, "</UnitId>\n        <ProductID>"...)
	b = strconv.AppendInt(b, int64(product), 10)
	b = append(b, `</ProductID>
        <Version>
          <VersionMajor>27</VersionMajor>
          <VersionMinor>16</VersionMinor>
          <BuildMajor>0</BuildMajor>
          <BuildMinor>0</BuildMinor>
        </Version>
      </Creator>
    </Activity>
  </Activities>
  <Author xsi:type="Application_t">
    <Name>Connect Api</Name>
    <Build>
      <Version>
        <VersionMajor>0</VersionMajor>
        <VersionMinor>0</VersionMinor>
        <BuildMajor>0</BuildMajor>
        <BuildMinor>0</BuildMinor>
      </Version>
    </Build>
    <LangID>en</LangID>
    <PartNumber>006-D2449-00</PartNumber>
  </Author>
</TrainingCenterDatabase>
`...)
	return b
}
