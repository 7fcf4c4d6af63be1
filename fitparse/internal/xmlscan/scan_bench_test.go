package xmlscan

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// BenchmarkScan runs the scanner alone over every GPX and TCX file of the corpus in
// memory, reading each token's name or text and the attributes the GPX reader asks
// for: the fast path's own rate, without the readers (for those, fitparse's
// BenchmarkXMLReaders).
func BenchmarkScan(b *testing.B) {
	const corpus = "../../../../shared/corpus"
	var files []string
	for _, pat := range []string{"gpx/*.gpx", "tcx/*.tcx"} {
		m, _ := filepath.Glob(filepath.Join(corpus, pat))
		files = append(files, m...)
	}
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
		d = bytes.TrimLeft(bytes.TrimPrefix(d, []byte("\xEF\xBB\xBF")), " \t\r\n")
		datas = append(datas, d)
		total += int64(len(d))
	}
	b.SetBytes(total)
	b.ReportAllocs()
	var sink float64
	for b.Loop() {
		for _, d := range datas {
			s := New(d)
			for {
				k, err := s.Next()
				if err != nil {
					break
				}
				switch k {
				case StartElement:
					if s.Local() == "trkpt" {
						sink += s.AttrFloat("lat") + s.AttrFloat("lon")
					}
				case CharData:
					sink += float64(len(s.Text()))
				}
			}
		}
	}
	_ = sink
}
