package vgpng_test

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"io"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/cadence-run/cadence/analysis"
	"github.com/cadence-run/cadence/fitparse"
	"github.com/cadence-run/cadence/report"
	"github.com/cadence-run/cadence/report/internal/vgpng"
	"github.com/klauspost/compress/zlib"
)

// dashboard is one of the report's dashboards: its PNG as the report wrote it, and
// the picture it holds.
type dashboard struct {
	name string
	file []byte
	pic  *vgpng.Picture
}

// dashboards draws, as `cadence report` does, the dashboard of every activity with
// steps in the files of dirs, and decodes each into the picture the report drew.
func dashboards(tb testing.TB, dirs ...string) []dashboard {
	tb.Helper()
	var files []string
	for _, d := range dirs {
		m, _ := filepath.Glob(filepath.Join(d, "*"))
		files = append(files, m...)
	}
	slices.Sort(files)
	var out []dashboard
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			continue // a folder
		}
		acts, err := fitparse.Parse(f, data)
		if err != nil {
			continue
		}
		for _, a := range acts {
			r := analysis.Analyze(a, analysis.DefaultOptions)
			if r.Cadence == nil {
				continue
			}
			var buf bytes.Buffer
			if err := report.Dashboard(&buf, r, report.DashboardOptions{Target: 170}); err != nil {
				tb.Fatalf("%s: %v", f, err)
			}
			img, err := png.Decode(bytes.NewReader(buf.Bytes()))
			if err != nil {
				tb.Fatalf("%s: %v", f, err)
			}
			pm, ok := img.(*image.Paletted)
			if !ok {
				tb.Fatalf("%s: a dashboard of %T, want paletted", f, img)
			}
			out = append(out, dashboard{filepath.Base(f), buf.Bytes(), vgpng.PictureOf(pm)})
		}
	}
	if len(out) == 0 {
		tb.Skipf("no dashboards drawn from %v", dirs)
	}
	return out
}

// sampleDirs are the folders of the repository's sample files.
var sampleDirs = []string{filepath.Join("..", "..", "..", "testdata", "sample")}

// benchDirs are the folders whose dashboards BenchmarkEncode encodes: the fit, gpx
// and tcx folders of the corpus at $CADENCE_BENCH_CORPUS (as `make bench` sets it),
// else the repository's sample files.
func benchDirs() []string {
	if c := os.Getenv("CADENCE_BENCH_CORPUS"); c != "" {
		return []string{filepath.Join(c, "fit"), filepath.Join(c, "gpx"), filepath.Join(c, "tcx")}
	}
	return sampleDirs
}

// encoder writes a picture as a PNG.
type encoder struct {
	name string
	enc  func(w io.Writer, p *vgpng.Picture, m *image.Paletted) error
}

// encoders are the PNG encoders compared: the standard library's image/png at its
// fastest, the report's own writer (Picture.WritePNG: a short chunk writer over
// klauspost/compress's zlib at level 1, its fastest), and the same over level 6,
// for the size a slower level would buy.
func encoders() []encoder {
	std := png.Encoder{CompressionLevel: png.BestSpeed, BufferPool: new(pool)}
	return []encoder{
		{"image-png", func(w io.Writer, _ *vgpng.Picture, m *image.Paletted) error { return std.Encode(w, m) }},
		{"klauspost-zlib1", func(w io.Writer, p *vgpng.Picture, _ *image.Paletted) error { return p.WritePNG(w) }},
		{"klauspost-zlib6", klauspost(6)},
	}
}

// pool keeps image/png's encoder buffers for reuse, as the report's writer keeps its
// own.
type pool struct{ b *png.EncoderBuffer }

func (p *pool) Get() *png.EncoderBuffer  { return p.b }
func (p *pool) Put(b *png.EncoderBuffer) { p.b = b }

// klauspost returns a PNG encoder over klauspost/compress's zlib at level, its
// writer kept for reuse: the chunks that an 8-bit paletted PNG needs, and the rows
// unfiltered, as the report's writer writes them.
func klauspost(level int) func(w io.Writer, p *vgpng.Picture, _ *image.Paletted) error {
	var idat bytes.Buffer
	zw, err := zlib.NewWriterLevel(&idat, level)
	if err != nil {
		panic(err)
	}
	return func(w io.Writer, p *vgpng.Picture, m *image.Paletted) error {
		idat.Reset()
		zw.Reset(&idat)
		if _, err := zw.Write(p.ImageData()); err != nil {
			return err
		}
		if err := zw.Close(); err != nil {
			return err
		}
		ihdr := make([]byte, 13)
		binary.BigEndian.PutUint32(ihdr[0:], uint32(m.Rect.Dx()))
		binary.BigEndian.PutUint32(ihdr[4:], uint32(m.Rect.Dy()))
		ihdr[8], ihdr[9] = 8, 3 // 8 bits an index, paletted
		var plte []byte
		for _, c := range p.Palette() {
			plte = append(plte, c.R, c.G, c.B)
		}
		if _, err := io.WriteString(w, "\x89PNG\r\n\x1a\n"); err != nil {
			return err
		}
		for _, ch := range []struct {
			typ  string
			data []byte
		}{{"IHDR", ihdr}, {"PLTE", plte}, {"IDAT", idat.Bytes()}, {"IEND", nil}} {
			var b []byte
			b = binary.BigEndian.AppendUint32(b, uint32(len(ch.data)))
			b = append(append(b, ch.typ...), ch.data...)
			b = binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b[4:]))
			if _, err := w.Write(b); err != nil {
				return err
			}
		}
		return nil
	}
}

// TestEncodeDashboards checks the encoders on the report's dashboards of the sample
// runs: the report's writer gives back the report's file byte for byte, every
// encoder's PNG decodes to the same palette and indices, and Encode writes the
// report's thumbnails with the palette and indices that compress/zlib's encoder
// gives them.
func TestEncodeDashboards(t *testing.T) {
	for _, d := range dashboards(t, sampleDirs...) {
		want := d.pic.Paletted()
		for _, e := range encoders() {
			var buf bytes.Buffer
			if err := e.enc(&buf, d.pic, want); err != nil {
				t.Fatalf("%s, %s: %v", d.name, e.name, err)
			}
			if e.name == "klauspost-zlib1" && !bytes.Equal(buf.Bytes(), d.file) {
				t.Errorf("%s: the report's writer's PNG differs from the report's file", d.name)
			}
			img, err := png.Decode(&buf)
			if err != nil {
				t.Fatalf("%s, %s: not a PNG: %v", d.name, e.name, err)
			}
			got, ok := img.(*image.Paletted)
			if !ok || !got.Rect.Eq(want.Rect) || !slices.Equal(got.Palette, want.Palette) {
				t.Fatalf("%s, %s: a different palette or size", d.name, e.name)
			}
			for y := range want.Rect.Dy() {
				if !bytes.Equal(got.Pix[y*got.Stride:][:got.Rect.Dx()], want.Pix[y*want.Stride:][:want.Rect.Dx()]) {
					t.Fatalf("%s, %s: row %d differs", d.name, e.name, y)
				}
			}
		}
	}
	for _, f := range []string{"fitparse-stryd-run-devfields.fit", "fitparse-garmin-fenix5-walk-short.fit"} {
		data, err := os.ReadFile(filepath.Join(sampleDirs[0], f))
		if err != nil {
			t.Fatal(err)
		}
		acts, err := fitparse.Parse(f, data)
		if err != nil || len(acts) == 0 {
			t.Fatalf("%s: %d activities, %v", f, len(acts), err)
		}
		var thumb bytes.Buffer
		if err := report.Thumbnail(&thumb, analysis.Analyze(acts[0], analysis.DefaultOptions), 320, 80); err != nil {
			t.Fatal(err)
		}
		dec, err := png.Decode(&thumb)
		if err != nil {
			t.Fatal(err)
		}
		rgba := image.NewRGBA(dec.Bounds())
		for y := range rgba.Rect.Dy() {
			for x := range rgba.Rect.Dx() {
				rgba.Set(x, y, dec.At(x, y))
			}
		}
		var got, want bytes.Buffer
		if err := vgpng.Encode(&got, rgba, nil); err != nil {
			t.Fatal(err)
		}
		if err := vgpng.EncodeZlib(&want, rgba, nil, false); err != nil {
			t.Fatal(err)
		}
		gi, err := png.Decode(&got)
		if err != nil {
			t.Fatal(err)
		}
		wi, err := png.Decode(&want)
		if err != nil {
			t.Fatal(err)
		}
		g, w := gi.(*image.Paletted), wi.(*image.Paletted)
		if !slices.Equal(g.Pix, w.Pix) || !slices.Equal(g.Palette, w.Palette) {
			t.Errorf("%s: the thumbnail differs from compress/zlib's encoding of it", f)
		}
		for y := range rgba.Rect.Dy() {
			for x := range rgba.Rect.Dx() {
				if c := color.RGBAModel.Convert(g.At(x, y)); c != rgba.At(x, y) {
					t.Fatalf("%s: thumbnail pixel (%d,%d) is %v, want %v", f, x, y, c, rgba.At(x, y))
				}
			}
		}
	}
}

// BenchmarkEncode encodes the report's own dashboards (benchDirs) with each of the
// encoders: ms/picture is the time of one, KB/picture their mean size and max-KB
// the largest.
func BenchmarkEncode(b *testing.B) {
	ds := dashboards(b, benchDirs()...)
	ms := make([]*image.Paletted, len(ds))
	for i, d := range ds {
		ms[i] = d.pic.Paletted()
	}
	for _, e := range encoders() {
		b.Run(e.name, func(b *testing.B) {
			var buf bytes.Buffer
			total, largest := 0, 0
			for b.Loop() {
				total, largest = 0, 0
				for i, d := range ds {
					buf.Reset()
					if err := e.enc(&buf, d.pic, ms[i]); err != nil {
						b.Fatal(err)
					}
					total += buf.Len()
					largest = max(largest, buf.Len())
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/1e6/float64(b.N*len(ds)), "ms/picture")
			b.ReportMetric(float64(total)/1024/float64(len(ds)), "KB/picture")
			b.ReportMetric(float64(largest)/1024, "max-KB")
			b.ReportMetric(float64(len(ds)), "pictures")
		})
	}
}
