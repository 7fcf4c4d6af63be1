package activity

import (
	"math"
	"strings"
	"time"
)

// Sport names a sport in lower case, as in the FIT profile ("running", "cycling", ...).
type Sport string

// The sports that cadence treats specially. Any other FIT sport name is kept as it is.
const (
	Unknown  Sport = "unknown"
	Running  Sport = "running"
	Walking  Sport = "walking"
	Hiking   Sport = "hiking"
	Cycling  Sport = "cycling"
	Swimming Sport = "swimming"
	Rowing   Sport = "rowing"
	Other    Sport = "other"
)

// OnFoot reports whether the sport's cadence counts steps (running, walking, hiking),
// as opposed to pedal revolutions or strokes.
func (s Sport) OnFoot() bool {
	switch s {
	case Running, Walking, Hiking:
		return true
	}
	return false
}

// sportSeparators drops what sport names put between words. Built once: a Replacer
// builds its tables on first use, 19 KB, which per call was a third of what reading a
// tiny GPX file allocated.
var sportSeparators = strings.NewReplacer("_", "", "-", "", " ", "")

// ParseSport maps a sport name as written in TCX, GPX or a FIT profile string
// ("Running", "run", "Biking", "VirtualRide", "9", ...) to a Sport. It returns Unknown
// for an empty or unrecognised name; "Other" maps to Other.
func ParseSport(name string) Sport {
	n := strings.ToLower(strings.TrimSpace(name))
	n = sportSeparators.Replace(n)
	switch n {
	case "":
		return Unknown
	case "running", "run", "trailrun", "trailrunning", "treadmill", "treadmillrunning",
		"virtualrun", "indoorrunning", "streetrunning", "track", "trackrunning", "9":
		// Strava's numeric activity type 9 is a run.
		return Running
	case "walking", "walk", "speedwalking", "indoorwalking", "10":
		return Walking
	case "hiking", "hike", "11":
		return Hiking
	case "cycling", "biking", "bike", "ride", "virtualride", "ebikeride", "mountainbikeride",
		"gravelride", "roadbiking", "mountainbiking", "indoorcycling", "handcycle", "velomobile", "1":
		return Cycling
	case "swimming", "swim", "openwater", "openwaterswimming", "lapswimming", "poolswim", "16":
		return Swimming
	case "rowing", "row", "indoorrowing", "canoeing", "kayaking", "paddling", "standuppaddleboarding", "standuppaddling":
		return Rowing
	case "other", "generic":
		return Other
	}
	// Keep an unrecognised name as the FIT profile writes it: "cross_country_skiing".
	return Sport(strings.ReplaceAll(strings.ToLower(strings.TrimSpace(name)), " ", "_"))
}

// CadenceUnit says what a file's raw cadence numbers count.
type CadenceUnit uint8

const (
	// CadenceUnitUnknown means the file does not say; the analysis decides per activity.
	CadenceUnitUnknown CadenceUnit = iota
	// CadencePerFoot means cycles per minute of one foot (FIT running strides), or
	// pedal revolutions or strokes per minute for other sports.
	CadencePerFoot
	// CadenceSteps means steps per minute, both feet counted.
	CadenceSteps
)

// A Sample is one recorded point. Unknown values are NaN.
type Sample struct {
	T        float64 // seconds since the Unix epoch
	Cadence  float64 // raw cadence as recorded, including any fractional part
	Speed    float64 // metres per second
	Distance float64 // cumulative metres
	Altitude float64 // metres
	Lat, Lon float64 // degrees
	HR       float64 // beats per minute
}

// NewSample returns a Sample whose values are all unknown.
func NewSample() Sample {
	n := math.NaN()
	return Sample{T: n, Cadence: n, Speed: n, Distance: n, Altitude: n, Lat: n, Lon: n, HR: n}
}

// Dynamics are a sample's running dynamics from the standard fields of the watch, or
// of a strap or pod it pairs with: ground contact time (ms), vertical oscillation
// (mm), vertical ratio (%), ground contact balance (% on the left foot) and step
// length (m). Unknown values are NaN.
type Dynamics struct {
	GroundContactMS, VertOscMM, VertRatioPct, BalancePct, StepLengthM float64
}

// NoDynamics is a sample's Dynamics with every value unknown.
var NoDynamics = Dynamics{GroundContactMS: math.NaN(), VertOscMM: math.NaN(), VertRatioPct: math.NaN(), BalancePct: math.NaN(), StepLengthM: math.NaN()}

// PodDynamics are the running dynamics that a foot pod wrote into the file itself
// (as FIT developer fields), per sample, kept apart from the standard fields'
// Dynamics so that no figure mixes two sources.
type PodDynamics struct {
	Source string     // the pod's maker, lower-case: "stryd", "runscribe"
	Values []Dynamics // index for index with the activity's Samples
}

// A Pause is a span in which the recording timer was stopped, in Unix seconds.
// Samples strictly inside it are not moving time. End is +Inf for a pause never ended.
type Pause struct {
	Start, End float64
}

// A Lap is one lap of an activity as the file states it: the watch starts a new one
// at the lap button, at each kilometre or mile (auto-lap), or at each step of a
// structured workout. Unknown values are NaN, or "" for the names.
type Lap struct {
	Start, End float64 // Unix seconds: start_time and the lap's own timestamp
	TimerS     float64 // the time the timer ran (pauses excluded)
	DistanceM  float64
	SpeedMS    float64 // the average speed the file states
	// Intensity is the FIT lap's intensity: "active", "rest", "warmup", "cooldown",
	// "recovery", "interval" or "other"; "" when the file does not say.
	Intensity string
	// Trigger is what ended the lap: "manual", "time", "distance", "position_start",
	// "session_end", ...; "" when the file does not say.
	Trigger string
	// StepIndex is the workout step the lap ran (wkt_step_index), or -1.
	StepIndex int
}

// IsRecovery reports whether the file marks the lap as a rest or a recovery.
func (l Lap) IsRecovery() bool { return l.Intensity == "rest" || l.Intensity == "recovery" }

// An Activity is one session of one sport read from a file. A multisport file gives one
// Activity per session.
type Activity struct {
	File   string // the path as given; an archive member as "archive.zip:inner/path.fit"
	Index  int    // 0-based session index within the file
	Format string // "fit", "gpx" or "tcx"

	Sport Sport
	// SportFrom says where Sport came from: "file" when the file names it, "" when it
	// does not (the analysis may then infer it from speed).
	SportFrom string
	SubSport  string // the file's finer label, e.g. "treadmill", "trail", "indoor_cycling"
	Device    string // manufacturer and product as the file names them, if it does
	Name      string // the track or activity name, if any

	Start time.Time      // zero if unknown
	Zone  *time.Location // the zone the activity was recorded in, when the file says (FIT activity.local_timestamp minus timestamp gives a fixed offset); nil when unknown
	// ZoneFrom says where Zone came from: "" or "file" when the file says, "position"
	// when it was looked up from the GPS start.
	ZoneFrom string

	// Summary values that the file states for the session; NaN when it states none.
	// They are plausibility checks, not the reference: the analysis works from Samples.
	ElapsedS    float64
	DistanceM   float64
	AvgCadence  float64 // raw, same unit as the samples
	CadenceUnit CadenceUnit
	Samples     []Sample
	// Dynamics are the running dynamics of each sample (index for index), or nil
	// when no record carries any.
	Dynamics []Dynamics
	// DynamicsFrom names the pod that made the file, and so wrote Dynamics, when it is
	// a foot pod ("stryd"); "" for a watch's file.
	DynamicsFrom string
	// PodDynamics are the running dynamics of foot pods, one per pod, or nil.
	PodDynamics []PodDynamics
	Pauses      []Pause
	// Laps are the laps the file states for the session, in order of time; nil
	// when it states none.
	Laps     []Lap
	Warnings []string // things the reader recovered from or assumed
	Indoor   bool     // treadmill or trainer, as the file says
}

// New returns an Activity with its summary values unknown.
func New(file, format string, index int) *Activity {
	n := math.NaN()
	return &Activity{File: file, Format: format, Index: index, Sport: Unknown,
		ElapsedS: n, DistanceM: n, AvgCadence: n}
}

// Warn adds a warning to the activity.
func (a *Activity) Warn(msg string) { a.Warnings = append(a.Warnings, msg) }
