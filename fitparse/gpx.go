package fitparse

// This file reads GPX; xmlread.go holds what the GPX and TCX readers share. Both
// readers take a stream of tokens (xmlTokens) from the fast scanner of package
// xmlscan, or from encoding/xml for the documents the scanner leaves to it, and match
// elements by their local name, never by prefix, so a Garmin TrackPointExtension
// under gpxtpx:, ns3: or an undeclared prefix is read the same way.

import (
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/cadence-run/cadence/activity"
	"github.com/cadence-run/cadence/fitparse/internal/xmlscan"
)

// The GPX fields a track point's character data can fill.
const (
	gpxNone = iota
	gpxTime
	gpxEle
	gpxCad
	gpxHR
	gpxSpeed
	gpxDist
	gpxTrkName
	gpxTrkType
	gpxMetaName
	gpxMetaType
)

// A gpxTrack is one <trk> element as read.
type gpxTrack struct {
	name, typ string
	samples   []activity.Sample
	timed     int // samples with a valid time
}

// parseGPX reads a GPX file. Each <trkpt> becomes one Sample, in file order; points
// without time or position are kept with NaN there. All <trk> elements form one
// activity, unless their <type>s name different sports: then each <trk> with timed
// points is an activity of its own. Routes, waypoints and files whose track points have
// no time give a *ParseError wrapping ErrNoActivity.
//
// The fast scanner (package xmlscan) reads the file; what it leaves to encoding/xml (a
// DOCTYPE, an unusual encoding, malformed or truncated XML) is read again from the start
// with encoding/xml, which gives the same result for every file the scanner reads.
func parseGPX(name string, data []byte) ([]*activity.Activity, error) {
	return xmlParseWith(name, data, gpxRead, true)
}

// parseGPXDecoder reads a GPX file with encoding/xml alone: the reader parseGPX falls
// back to, and the reference the scanner is tested against.
func parseGPXDecoder(name string, data []byte) ([]*activity.Activity, error) {
	return xmlParseWith(name, data, gpxRead, false)
}

// gpxRead reads the tokens of a GPX document from x.src and builds its activities.
func gpxRead(x *xmlReader) ([]*activity.Activity, error) {
	src, name := x.src, x.name
	var (
		stack      []string // local names of the open elements
		tracks     []*gpxTrack
		cur        *gpxTrack
		device     string
		metaName   string
		metaType   string
		inPt       bool
		ptDepth    int
		pt         activity.Sample
		field      int
		fieldDepth int
		text       []byte
		routePts   int
		trkPts     int
		ended      bool
		readErr    error
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
			if inPt {
				f := gpxNone
				switch local {
				case "time":
					if parent == "trkpt" {
						f = gpxTime
					}
				case "ele":
					if parent == "trkpt" {
						f = gpxEle
					}
				case "cad", "cadence", "Cadence", "RunCadence", "runcadence":
					if math.IsNaN(pt.Cadence) {
						f = gpxCad
					}
				case "hr", "heartrate", "HeartRate", "heartRate", "HR":
					if math.IsNaN(pt.HR) {
						f = gpxHR
					}
				case "speed", "Speed":
					if math.IsNaN(pt.Speed) {
						f = gpxSpeed
					}
				case "distance", "Distance":
					if math.IsNaN(pt.Distance) {
						f = gpxDist
					}
				}
				if f != gpxNone {
					field, fieldDepth, text = f, len(stack), text[:0]
				}
				continue
			}
			switch local {
			case "gpx":
				if len(stack) == 1 {
					device = src.AttrText("creator")
				}
			case "trk":
				cur = &gpxTrack{}
				tracks = append(tracks, cur)
			case "trkpt":
				if cur == nil { // a trkpt outside any <trk>: read it all the same
					cur = &gpxTrack{}
					tracks = append(tracks, cur)
				}
				inPt, ptDepth = true, len(stack)
				trkPts++
				pt = activity.NewSample()
				lat := src.AttrFloat("lat")
				lon := src.AttrFloat("lon")
				if lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180 {
					pt.Lat, pt.Lon = lat, lon
				}
			case "rtept":
				routePts++
			case "name", "type":
				f := gpxNone
				switch {
				case parent == "trk" && local == "name":
					f = gpxTrkName
				case parent == "trk":
					f = gpxTrkType
				case parent == "metadata" && local == "name":
					f = gpxMetaName
				case parent == "metadata":
					f = gpxMetaType
				}
				if f != gpxNone {
					field, fieldDepth, text = f, len(stack), text[:0]
				}
			}
		case xmlscan.CharData:
			switch field {
			case gpxNone:
			case gpxTrkName, gpxTrkType, gpxMetaName, gpxMetaType:
				text = xmlAppendName(text, src.Text())
			default:
				text = append(text, src.Text()...)
			}
		case xmlscan.EndElement:
			depth := len(stack)
			if field != gpxNone && depth == fieldDepth {
				switch field {
				case gpxTime:
					pt.T = xmlscan.Time(text)
				case gpxEle:
					pt.Altitude = xmlscan.Float(text)
				case gpxCad:
					pt.Cadence = xmlscan.Float(text)
				case gpxHR:
					pt.HR = xmlscan.Float(text)
				case gpxSpeed:
					pt.Speed = xmlscan.Float(text)
				case gpxDist:
					pt.Distance = xmlscan.Float(text)
				case gpxTrkName:
					if cur != nil && cur.name == "" {
						cur.name = xmlName(text)
					}
				case gpxTrkType:
					if cur != nil && cur.typ == "" {
						cur.typ = xmlName(text)
					}
				case gpxMetaName:
					if metaName == "" {
						metaName = xmlName(text)
					}
				case gpxMetaType:
					if metaType == "" {
						metaType = xmlName(text)
					}
				}
				field, fieldDepth = gpxNone, 0
			}
			if inPt && depth == ptDepth {
				inPt = false
				cur.samples = append(cur.samples, pt)
				if !math.IsNaN(pt.T) {
					cur.timed++
				}
			}
			if depth > 0 {
				stack = stack[:depth-1]
			}
			if depth == 1 {
				ended = true // ignore anything after the root element
			}
		}
	}

	timed := 0
	for _, tr := range tracks {
		timed += tr.timed
	}
	if readErr != nil && (timed == 0 || !xmlTruncated(readErr)) {
		return nil, x.malformed(readErr)
	}
	if timed == 0 {
		switch {
		case trkPts > 0 || routePts > 0:
			return nil, x.noActivity("route without times, not an activity")
		default:
			return nil, x.noActivity("no track points in the GPX file")
		}
	}

	// One activity, or one per track when the tracks name different sports.
	sports := map[activity.Sport]bool{}
	for _, tr := range tracks {
		if tr.typ != "" {
			sports[activity.ParseSport(tr.typ)] = true
		}
	}
	var acts []*activity.Activity
	if len(sports) <= 1 {
		all := &gpxTrack{}
		for _, tr := range tracks {
			if all.name == "" {
				all.name = tr.name
			}
			if all.typ == "" {
				all.typ = tr.typ
			}
			all.samples = append(all.samples, tr.samples...)
		}
		acts = append(acts, gpxActivity(name, 0, device, metaName, metaType, all))
	} else {
		for _, tr := range tracks {
			if tr.timed > 0 {
				acts = append(acts, gpxActivity(name, len(acts), device, metaName, metaType, tr))
			}
		}
		acts[0].Warn(fmt.Sprintf("the file holds %d tracks of different sports: read as %d activities", len(tracks), len(acts)))
	}
	x.finish(acts, readErr)
	return acts, nil
}

// gpxActivity builds the activity for one track (or for all tracks merged).
func gpxActivity(file string, index int, device, metaName, metaType string, tr *gpxTrack) *activity.Activity {
	a := activity.New(file, "gpx", index)
	a.CadenceUnit = activity.CadenceUnitUnknown
	a.Device = device
	a.Name = tr.name
	if a.Name == "" {
		a.Name = metaName
	}
	typ := tr.typ
	if typ == "" {
		typ = metaType
	}
	if typ != "" {
		s := activity.ParseSport(typ)
		switch {
		case s == activity.Unknown:
		case xmlscan.Digits(string(s)):
			a.Warn(fmt.Sprintf("unknown numeric activity type %q", typ))
		default:
			a.Sport, a.SportFrom = s, "file"
		}
	}
	if a.SportFrom == "" {
		if s := xmlSportFromName(a.Name); s != activity.Unknown {
			a.Sport, a.SportFrom = s, "name"
		}
	}
	a.Samples = tr.samples
	xmlSortByTime(a)
	for _, s := range a.Samples {
		if !math.IsNaN(s.T) {
			a.Start = unixTime(s.T)
			break
		}
	}
	return a
}

// xmlSportFromName returns the sport that a track name such as Strava's "Morning Run"
// names by a whole word, or Unknown when it names none or more than one.
func xmlSportFromName(name string) activity.Sport {
	found := activity.Unknown
	words := strings.FieldsFunc(strings.ToLower(name), func(r rune) bool {
		return !('a' <= r && r <= 'z')
	})
	for _, w := range words {
		s := activity.Unknown
		switch w {
		case "run", "running":
			s = activity.Running
		case "ride", "cycling":
			s = activity.Cycling
		case "walk", "walking":
			s = activity.Walking
		case "swim", "swimming":
			s = activity.Swimming
		case "hike", "hiking":
			s = activity.Hiking
		}
		if s == activity.Unknown {
			continue
		}
		if found != activity.Unknown && found != s {
			return activity.Unknown
		}
		found = s
	}
	return found
}

// xmlSortByTime sorts a's samples by time when the file's timestamps go backwards, and
// then drops samples whose time repeats an earlier one, keeping the first. A sample
// without time stays behind the timed sample that preceded it in the file. It adds one
// warning saying how many backward steps there were.
func xmlSortByTime(a *activity.Activity) {
	s := a.Samples
	back := 0
	last := math.Inf(-1)
	for i := range s {
		t := s[i].T
		if math.IsNaN(t) {
			continue
		}
		if t < last {
			back++
		}
		last = t
	}
	if back == 0 {
		return
	}
	type keyed struct {
		key float64
		s   activity.Sample
	}
	ks := make([]keyed, len(s))
	key := math.Inf(-1)
	for i := range s {
		if !math.IsNaN(s[i].T) {
			key = s[i].T
		}
		ks[i] = keyed{key, s[i]}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int {
		switch {
		case a.key < b.key:
			return -1
		case a.key > b.key:
			return 1
		}
		return 0
	})
	out := s[:0]
	lastKept := math.NaN()
	for _, k := range ks {
		if !math.IsNaN(k.s.T) {
			if k.s.T == lastKept {
				continue
			}
			lastKept = k.s.T
		}
		out = append(out, k.s)
	}
	dropped := len(s) - len(out)
	clear(s[len(out):])
	a.Samples = out
	msg := fmt.Sprintf("timestamps go backwards %d times; samples sorted by time", back)
	if dropped > 0 {
		msg += fmt.Sprintf(", %d with a repeated timestamp dropped", dropped)
	}
	a.Warn(msg)
}
