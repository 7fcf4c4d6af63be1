package fitparse

import (
	"io"
	"math"

	"github.com/cadence-run/cadence/activity"
	"github.com/cadence-run/cadence/fitparse/internal/xmlscan"
)

// The TCX fields that character data can fill.
const (
	tcxNone = iota
	tcxID
	tcxDevice
	tcxLapTime
	tcxLapDist
	tcxLapCad
	tcxLapRunCad
	tcxTime
	tcxLat
	tcxLon
	tcxAlt
	tcxDist
	tcxHR
	tcxCad
	tcxRunCad
	tcxSpeed
	tcxNotes
	tcxPlanName
)

// A tcxActivity is one <Activity> element being read.
type tcxActivity struct {
	a         *activity.Activity
	depth     int
	laps      int
	idTime    float64
	lapStart  float64 // StartTime of the first lap
	timeSum   float64 // lap TotalTimeSeconds
	distSum   float64 // lap DistanceMeters
	timeN     int
	distN     int
	cadSum    float64 // lap average cadence times lap time, over laps with a time
	cadWeight float64 // the sum of those lap times
	cadPlain  float64 // lap average cadence, unweighted, used when no lap has a time
	cadN      int
	lapTime   float64 // of the lap being read
	lapDist   float64
	lapCad    float64
	lapRunCad float64
	notes     string // <Activity><Notes>
	planName  string // <Activity><Training><Plan><Name>
}

// parseTCX reads a TCX file: one Activity per <Activity> element, in file order, with
// the sessions of a multisport file (<MultiSportSession>) as separate activities. Each
// <Trackpoint> becomes one Sample; points without time or position are kept with NaN
// there. Cadence is RunCadence (Garmin ActivityExtension, under any prefix) where the
// point has it, else the core <Cadence>. A file with courses but no activity gives a
// *ParseError wrapping ErrNoActivity.
//
// The fast scanner (package xmlscan) reads the file; what it leaves to encoding/xml is read
// again from the start with encoding/xml, as parseGPX does.
func parseTCX(name string, data []byte) ([]*activity.Activity, error) {
	return xmlParseWith(name, data, tcxRead, true)
}

// parseTCXDecoder reads a TCX file with encoding/xml alone: the reader parseTCX falls
// back to, and the reference the scanner is tested against.
func parseTCXDecoder(name string, data []byte) ([]*activity.Activity, error) {
	return xmlParseWith(name, data, tcxRead, false)
}

// tcxRead reads the tokens of a TCX document from x.src and builds its activities.
func tcxRead(x *xmlReader) ([]*activity.Activity, error) {
	src, name := x.src, x.name
	var (
		stack       []string
		acts        []*activity.Activity
		cur         *tcxActivity
		rootCreator string
		courses     int
		inPt        bool
		ptDepth     int
		pt          activity.Sample
		ptCad       float64
		ptRunCad    float64
		field       int
		fieldDepth  int
		text        []byte
		ended       bool
		readErr     error
		points      int
	)
	for !ended {
		kind, err := src.Next()
		if err != nil {
			if err == xmlscan.ErrFallback {
				return nil, err
			}
			if err != io.EOF {
				readErr = err
			}
			break
		}
		switch kind {
		case xmlscan.StartElement:
			local := src.Local()
			stack = append(stack, local)
			parent := ""
			if len(stack) >= 2 {
				parent = stack[len(stack)-2]
			}
			f := tcxNone
			switch {
			case inPt:
				switch local {
				case "Time":
					f = tcxTime
				case "LatitudeDegrees":
					f = tcxLat
				case "LongitudeDegrees":
					f = tcxLon
				case "AltitudeMeters":
					f = tcxAlt
				case "DistanceMeters":
					f = tcxDist
				case "Value":
					if parent == "HeartRateBpm" {
						f = tcxHR
					}
				case "Cadence":
					f = tcxCad
				case "RunCadence":
					f = tcxRunCad
				case "Speed":
					f = tcxSpeed
				}
			case cur != nil:
				switch local {
				case "Trackpoint":
					inPt, ptDepth = true, len(stack)
					pt, ptCad, ptRunCad = activity.NewSample(), math.NaN(), math.NaN()
				case "Id":
					if parent == "Activity" {
						f = tcxID
					}
				case "Name":
					switch {
					case parent == "Creator" && len(stack) == cur.depth+2:
						f = tcxDevice
					case len(stack) == cur.depth+1: // not in the schema, but some exporters write it
						f = tcxNotes
					case parent == "Plan" && len(stack) == cur.depth+3 && stack[len(stack)-3] == "Training":
						f = tcxPlanName
					}
				case "Notes":
					if len(stack) == cur.depth+1 {
						f = tcxNotes
					}
				case "Lap":
					if parent == "Activity" {
						cur.laps++
						if math.IsNaN(cur.lapStart) {
							cur.lapStart = src.AttrTime("StartTime")
						}
						cur.lapTime, cur.lapDist = math.NaN(), math.NaN()
						cur.lapCad, cur.lapRunCad = math.NaN(), math.NaN()
					}
				case "TotalTimeSeconds":
					if parent == "Lap" {
						f = tcxLapTime
					}
				case "DistanceMeters":
					if parent == "Lap" {
						f = tcxLapDist
					}
				case "Cadence":
					if parent == "Lap" {
						f = tcxLapCad
					}
				case "AvgRunCadence":
					f = tcxLapRunCad
				}
			default:
				switch local {
				case "TrainingCenterDatabase":
					if len(stack) == 1 {
						rootCreator = src.AttrText("creator")
					}
				case "Activity":
					a := activity.New(name, "tcx", len(acts))
					a.CadenceUnit = activity.CadenceUnitUnknown
					if sp := src.AttrText("Sport"); sp != "" {
						if s := activity.ParseSport(sp); s != activity.Unknown {
							a.Sport, a.SportFrom = s, "file"
						}
					}
					nan := math.NaN()
					cur = &tcxActivity{a: a, depth: len(stack), idTime: nan, lapStart: nan,
						lapTime: nan, lapDist: nan, lapCad: nan, lapRunCad: nan}
				case "Course":
					courses++
				}
			}
			if f != tcxNone {
				field, fieldDepth, text = f, len(stack), text[:0]
			}
		case xmlscan.CharData:
			switch field {
			case tcxNone:
			case tcxNotes, tcxPlanName:
				text = xmlAppendName(text, src.Text())
			default:
				text = append(text, src.Text()...)
			}
		case xmlscan.EndElement:
			depth := len(stack)
			if field != tcxNone && depth == fieldDepth {
				switch field {
				case tcxTime:
					pt.T = xmlscan.Time(text)
				case tcxLat:
					pt.Lat = xmlscan.Float(text)
				case tcxLon:
					pt.Lon = xmlscan.Float(text)
				case tcxAlt:
					pt.Altitude = xmlscan.Float(text)
				case tcxDist:
					pt.Distance = xmlscan.Float(text)
				case tcxHR:
					pt.HR = xmlscan.Float(text)
				case tcxCad:
					ptCad = xmlscan.Float(text)
				case tcxRunCad:
					ptRunCad = xmlscan.Float(text)
				case tcxSpeed:
					pt.Speed = xmlscan.Float(text)
				case tcxID:
					cur.idTime = xmlscan.Time(text)
				case tcxDevice:
					if cur.a.Device == "" {
						cur.a.Device = xmlText(text)
					}
				case tcxNotes:
					if cur.notes == "" {
						cur.notes = xmlName(text)
					}
				case tcxPlanName:
					if cur.planName == "" {
						cur.planName = xmlName(text)
					}
				case tcxLapTime:
					cur.lapTime = xmlscan.Float(text)
				case tcxLapDist:
					cur.lapDist = xmlscan.Float(text)
				case tcxLapCad:
					cur.lapCad = xmlscan.Float(text)
				case tcxLapRunCad:
					cur.lapRunCad = xmlscan.Float(text)
				}
				field, fieldDepth = tcxNone, 0
			}
			switch {
			case inPt && depth == ptDepth:
				inPt = false
				pt.Cadence = ptRunCad
				if math.IsNaN(pt.Cadence) {
					pt.Cadence = ptCad
				}
				if !(pt.Lat >= -90 && pt.Lat <= 90 && pt.Lon >= -180 && pt.Lon <= 180) {
					pt.Lat, pt.Lon = math.NaN(), math.NaN()
				}
				cur.a.Samples = append(cur.a.Samples, pt)
				points++
			case cur != nil && depth == cur.depth+1 && src.Local() == "Lap":
				cur.endLap()
			case cur != nil && depth == cur.depth:
				if a := cur.finish(rootCreator); a != nil {
					acts = append(acts, a)
				}
				cur = nil
			}
			if depth > 0 {
				stack = stack[:depth-1]
			}
			if depth == 1 {
				ended = true // ignore anything after the root element
			}
		}
	}

	if readErr != nil {
		if points == 0 || !xmlTruncated(readErr) {
			return nil, x.malformed(readErr)
		}
		if cur != nil {
			if a := cur.finish(rootCreator); a != nil {
				acts = append(acts, a)
			}
		}
	}
	if len(acts) == 0 {
		if courses > 0 {
			return nil, x.noActivity("course, not an activity")
		}
		return nil, x.noActivity("no Activity in the TCX file")
	}
	x.finish(acts, readErr)
	return acts, nil
}

// endLap adds the lap just read to the activity's totals.
func (c *tcxActivity) endLap() {
	if !math.IsNaN(c.lapTime) {
		c.timeSum += c.lapTime
		c.timeN++
	}
	if !math.IsNaN(c.lapDist) {
		c.distSum += c.lapDist
		c.distN++
	}
	cad := c.lapRunCad
	if math.IsNaN(cad) {
		cad = c.lapCad
	}
	if !math.IsNaN(cad) {
		c.cadPlain += cad
		c.cadN++
		if c.lapTime > 0 {
			c.cadSum += cad * c.lapTime
			c.cadWeight += c.lapTime
		}
	}
	c.lapTime, c.lapDist, c.lapCad, c.lapRunCad = math.NaN(), math.NaN(), math.NaN(), math.NaN()
}

// finish completes the activity, or returns nil when it holds neither laps nor points.
func (c *tcxActivity) finish(rootCreator string) *activity.Activity {
	a := c.a
	if c.laps == 0 && len(a.Samples) == 0 {
		return nil
	}
	if a.Device == "" {
		a.Device = rootCreator
	}
	// The activity's name: the runner's notes, else the name of the planned workout.
	a.Name = c.notes
	if a.Name == "" {
		a.Name = c.planName
	}
	if c.timeN > 0 {
		a.ElapsedS = xmlFinite(c.timeSum)
	}
	if c.distN > 0 {
		a.DistanceM = xmlFinite(c.distSum)
	}
	switch {
	case c.cadWeight > 0:
		a.AvgCadence = xmlFinite(c.cadSum / c.cadWeight)
	case c.cadN > 0:
		a.AvgCadence = xmlFinite(c.cadPlain / float64(c.cadN))
	}
	xmlSortByTime(a)
	start := c.idTime
	if math.IsNaN(start) {
		start = c.lapStart
	}
	if math.IsNaN(start) {
		for _, s := range a.Samples {
			if !math.IsNaN(s.T) {
				start = s.T
				break
			}
		}
	}
	if !math.IsNaN(start) {
		a.Start = unixTime(start)
	}
	return a
}
