package exportmeta

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// TestCatalogCapsEntries gives an activities.csv of more rows than MaxEntries: the
// first MaxEntries are added, the rest not, with ErrTooMany; a Garmin file then adds
// nothing more and says so too.
func TestCatalogCapsEntries(t *testing.T) {
	var b bytes.Buffer
	b.WriteString("Activity ID,Activity Date,Activity Name,Filename\n")
	for i := 1; i <= MaxEntries+10; i++ {
		fmt.Fprintf(&b, "%d,\"Mar 8, 2026, 1:02:03 PM\",Run %d,activities/%d.fit\n", i, i, i)
	}
	var c Catalog
	err := c.AddStravaCSV("/x/", &b)
	if !errors.Is(err, ErrTooMany) || c.Len() != MaxEntries {
		t.Fatalf("AddStravaCSV: %v, %d entries; want ErrTooMany and %d", err, c.Len(), MaxEntries)
	}
	if e, ok := c.Lookup("/x/activities/100000.fit", time.Time{}); !ok || e.Name != "Run 100000" {
		t.Errorf("the last row within the cap: %+v, %v", e, ok)
	}
	if _, ok := c.Lookup("/x/activities/100001.fit", time.Time{}); ok {
		t.Errorf("a row past the cap was added")
	}
	garmin := `[{"summarizedActivitiesExport": [{"activityId": 7, "name": "Late", "startTimeGmt": 1678291323000}]}]`
	if err := c.AddGarminJSON("me_summarizedActivities.json", strings.NewReader(garmin)); !errors.Is(err, ErrTooMany) || c.Len() != MaxEntries {
		t.Errorf("AddGarminJSON on a full catalog: %v, %d entries", err, c.Len())
	}
}
