package activity

import "testing"

func TestParseSport(t *testing.T) {
	for in, want := range map[string]Sport{
		"Running": Running, "running": Running, "9": Running, "Trail Run": Running, "treadmill_running": Running,
		"Biking": Cycling, "VirtualRide": Cycling, "1": Cycling, "e-bike ride": Cycling, "Nordic Ski": Sport("nordic_ski"),
		"Walk": Walking, "Hike": Hiking, "Swim": Swimming, "16": Swimming, "kayaking": Rowing,
		"Other": Other, "": Unknown, "  ": Unknown, "cross_country_skiing": Sport("cross_country_skiing"),
	} {
		if got := ParseSport(in); got != want {
			t.Errorf("ParseSport(%q) = %q, want %q", in, got, want)
		}
	}
	if !Running.OnFoot() || !Hiking.OnFoot() || Cycling.OnFoot() || Unknown.OnFoot() {
		t.Error("OnFoot: running and hiking count steps, cycling and unknown do not")
	}
}
