package fitfast

import (
	"os"
	"path/filepath"
	"testing"
)

// counter is a Listener that counts records and nothing else.
type counter struct{ records int }

func (c *counter) Record(*Record)                              { c.records++ }
func (c *counter) Event(uint8, uint8, uint32)                  {}
func (c *counter) Session(*Session)                            {}
func (c *counter) FileID(uint8, uint16, uint16, func() string) {}
func (c *counter) Activity(uint32, uint32)                     {}
func (c *counter) Sport(uint8, uint8)                          {}
func (c *counter) Sequence()                                   {}
func (c *counter) DeveloperDataID(uint8, []byte, uint16)       {}
func (c *counter) FieldDescription(*FieldDescription)          {}
func (c *counter) DevSlot(uint8, uint8) (int, uint8)           { return -1, 0 }
func (c *counter) Lap(*Lap)                                    {}

// BenchmarkDecode runs Decode alone over every FIT file of the corpus's fit/ folder in
// memory (the files it declines up to where it declines them), with a listener that
// only counts: the fast path's own rate, without samples, CRCs or activities (for
// those, fitparse's BenchmarkParseFIT).
func BenchmarkDecode(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join(corpus, "fit", "*.fit"))
	if len(files) == 0 {
		b.Skipf("no corpus at %s", corpus)
	}
	var datas [][]byte
	var total int64
	for _, f := range files {
		d, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		datas = append(datas, d)
		total += int64(len(d))
	}
	b.SetBytes(total)
	b.ReportAllocs()
	var fd Decoder
	var c counter
	for b.Loop() {
		for _, d := range datas {
			fd.Decode(&c, d)
		}
	}
}
