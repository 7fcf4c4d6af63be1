package vgpng

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"encoding/binary"
	"hash/adler32"
	"io"
	"testing"
)

// inflate decodes stream, a zlib stream of deflater, with compress/zlib and
// its deflate body alone with compress/flate, and checks that both give want.
func inflate(t testing.TB, stream, want []byte) {
	t.Helper()
	zr, err := zlib.NewReader(bytes.NewReader(stream))
	if err != nil {
		t.Fatalf("zlib header: %v", err)
	}
	got, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("zlib: %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("zlib gives back %d bytes that differ from the %d put in", len(got), len(want))
	}
	if len(stream) < 6 {
		t.Fatalf("a stream of %d bytes", len(stream))
	}
	got, err = io.ReadAll(flate.NewReader(bytes.NewReader(stream[2 : len(stream)-4])))
	if err != nil {
		t.Fatalf("flate: %v", err)
	}
	if !bytes.Equal(got, want) {
		t.Fatalf("flate gives back %d bytes that differ from the %d put in", len(got), len(want))
	}
	if sum := binary.BigEndian.Uint32(stream[len(stream)-4:]); sum != adler32.Checksum(want) {
		t.Fatalf("Adler-32 %08x, want %08x", sum, adler32.Checksum(want))
	}
}

// TestDeflateRoundTrip compresses data of many kinds, rows of runs and repeats,
// noise, nothing, single bytes, data longer than a block and strides beyond
// deflate's window, and decompresses it with compress/zlib and compress/flate.
func TestDeflateRoundTrip(t *testing.T) {
	noise := rng(5)
	rows := func(stride, n int, colours int) []byte {
		data := make([]byte, stride*n)
		for y := range n {
			row := data[y*stride:][:stride]
			if y > 0 && noise.float() < 0.4 {
				copy(row, data[(y-1)*stride:])
				for range int(noise.float() * 3) {
					row[int(noise.float()*float64(stride))] = byte(noise.float() * float64(colours))
				}
				continue
			}
			for x := 1; x < stride; {
				run := 1 + int(noise.float()*noise.float()*600)
				c := byte(noise.float() * float64(colours))
				for ; run > 0 && x < stride; run-- {
					row[x] = c
					x++
				}
			}
		}
		return data
	}
	random := make([]byte, 100_000)
	for i := range random {
		random[i] = byte(noise.float() * 256)
	}
	cases := []struct {
		name   string
		data   []byte
		stride int
	}{
		{"nothing", nil, 1},
		{"one byte", []byte{7}, 1},
		{"two bytes", []byte{7, 7}, 2},
		{"three alike", []byte{7, 7, 7}, 1},
		{"four alike", []byte{0, 0, 0, 0}, 4},
		{"zeros", make([]byte, 300_000), 1601},
		{"noise", random, 1601},
		{"noise no stride", random, 0},
		{"dashboard-like", rows(1601, 1000, 128), 1601},
		{"2 colours", rows(41, 300, 2), 41},
		{"narrow", rows(2, 5000, 3), 2},
		{"256 colours", rows(301, 200, 256), 301},
		{"stride at the window", rows(32768, 6, 4), 32768},
		{"stride beyond the window", rows(40001, 5, 4), 40001},
	}
	var d deflater
	for _, c := range cases {
		out := d.zlibStream([]byte("prefix"), c.data, c.stride)
		if string(out[:6]) != "prefix" {
			t.Fatalf("%s: the prefix is lost", c.name)
		}
		inflate(t, out[6:], c.data)
		t.Logf("%s: %d bytes to %d", c.name, len(c.data), len(out)-6)

		// Fed a few rows at a time, as Encode feeds it, the stream is the same.
		once := bytes.Clone(out[6:])
		d.begin(nil, c.stride)
		for n := 0; n < len(c.data); {
			n = min(len(c.data), n+max(1, c.stride)*(1+int(noise.float()*50)))
			d.feed(c.data[:n], false)
		}
		d.feed(c.data, true)
		if !bytes.Equal(d.out, once) {
			t.Errorf("%s: fed in parts, a different stream", c.name)
		}
	}
}

// TestAdler32 compares adler32Sum with hash/adler32 on data of every length up
// to a few words, on long data of the greatest bytes (the sums at their largest)
// and on noise.
func TestAdler32(t *testing.T) {
	noise := rng(17)
	for _, n := range []int{0, 1, 7, 8, 9, 15, 16, 17, 100, 32767, 32768, 32769, 1 << 20, 5<<20 + 3} {
		for _, fill := range []string{"ff", "noise"} {
			data := bytes.Repeat([]byte{0xFF}, n)
			if fill == "noise" {
				for i := range data {
					data[i] = byte(noise.float() * 256)
				}
			}
			if got, want := adler32Sum(1, data), adler32.Checksum(data); got != want {
				t.Errorf("%d bytes of %s: %08x, want %08x", n, fill, got, want)
			}
		}
	}
}

// TestHuffCode builds codes for frequencies flat, skewed and skewed enough
// (Fibonacci) that the optimal code is longer than the limit: every code is
// complete, within the limit, and gives a code to every symbol used.
func TestHuffCode(t *testing.T) {
	noise := rng(9)
	var h huffCode
	var wk huffWork
	for trial := range 300 {
		n := 2 + int(noise.float()*(numLit-2))
		limit := 15
		if trial%3 == 0 {
			n, limit = 19, 7
		}
		freq := make([]int32, n)
		for s := range freq {
			switch trial % 4 {
			case 0:
				freq[s] = int32(noise.float() * 1000)
			case 1:
				if noise.float() < 0.1 {
					freq[s] = 1 + int32(noise.float()*10)
				}
			default:
				if noise.float() < 0.8 {
					freq[s] = int32(1 << min(30, int(noise.float()*32)))
				}
			}
		}
		if trial%5 == 0 { // Fibonacci frequencies
			a, b := int32(1), int32(1)
			for s := range min(n, 40) {
				freq[s] = a
				a, b = b, a+b
			}
		}
		h.build(freq, limit, &wk)
		used, kraft := 0, 0.0
		for s, f := range freq {
			l := int(h.len[s])
			if l > limit {
				t.Fatalf("trial %d: symbol %d of %d bits, over the limit of %d", trial, s, l, limit)
			}
			if f > 0 {
				used++
				if l == 0 {
					t.Fatalf("trial %d: symbol %d used %d times has no code", trial, s, f)
				}
			}
			if l > 0 {
				kraft += 1 / float64(int(1)<<l)
			}
		}
		if kraft != 1 {
			t.Fatalf("trial %d: %d symbols used, a code of Kraft sum %g", trial, used, kraft)
		}
	}
}

// FuzzDeflate compresses the fuzzer's bytes, as they are and widened into runs,
// at the fuzzer's stride, and decompresses them.
func FuzzDeflate(f *testing.F) {
	f.Add([]byte{}, uint16(1))
	f.Add([]byte("aaaaaaaaaaaaaaaaaaaaaaabbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"), uint16(5))
	f.Add(bytes.Repeat([]byte{0, 1, 1, 1, 2, 2, 2, 2, 2, 2}, 100), uint16(10))
	f.Add([]byte("\x00\xff\x00\xff\x10"), uint16(40000))
	f.Fuzz(func(t *testing.T, data []byte, stride uint16) {
		if len(data) > 1<<16 {
			return
		}
		var d deflater
		inflate(t, d.zlibStream(nil, data, int(stride)), data)
		// Each pair of bytes a run: a byte and how many times it comes.
		var runs []byte
		for i := 0; i+1 < len(data); i += 2 {
			runs = append(runs, bytes.Repeat(data[i:i+1], 1+int(data[i+1])*3)...)
		}
		inflate(t, d.zlibStream(nil, runs, int(stride)), runs)
	})
}

// BenchmarkDeflate compresses the image data of a picture the size of a dashboard,
// rows of runs of 100 colours, with deflater and with compress/zlib at its fastest
// as Encode used it before, and measures the Adler-32 checksum that both compute.
// BenchmarkEncode compares whole encoders on the report's own dashboards.
func BenchmarkDeflate(b *testing.B) {
	noise := rng(23)
	img := runsImage(&noise, 1600, 1000, 100)
	var buf bytes.Buffer
	if err := Encode(&buf, img, testBase); err != nil {
		b.Fatal(err)
	}
	raw, stride := imageData(b, buf.Bytes())
	b.Run("deflater", func(b *testing.B) {
		var d deflater
		var out []byte
		b.SetBytes(int64(len(raw)))
		for b.Loop() {
			out = d.zlibStream(out[:0], raw, stride)
		}
		b.ReportMetric(float64(len(out))/1024, "KB")
	})
	b.Run("zlib", func(b *testing.B) {
		var out bytes.Buffer
		zw, _ := zlib.NewWriterLevel(&out, zlib.BestSpeed)
		b.SetBytes(int64(len(raw)))
		for b.Loop() {
			out.Reset()
			zw.Reset(&out)
			for y := 0; y < len(raw); y += stride {
				zw.Write(raw[y : y+stride])
			}
			zw.Close()
		}
		b.ReportMetric(float64(out.Len())/1024, "KB")
	})
	b.Run("adler32Sum", func(b *testing.B) {
		b.SetBytes(int64(len(raw)))
		for b.Loop() {
			adler32Sum(1, raw)
		}
	})
	b.Run("adler32", func(b *testing.B) {
		b.SetBytes(int64(len(raw)))
		for b.Loop() {
			adler32.Checksum(raw)
		}
	})
}

// imageData returns the decompressed image data of a PNG of Encode and the
// length of its rows.
func imageData(t testing.TB, file []byte) ([]byte, int) {
	t.Helper()
	var idat []byte
	wd, depth := 0, 0
	for p := 8; p+12 <= len(file); {
		n := int(binary.BigEndian.Uint32(file[p:]))
		typ, data := string(file[p+4:p+8]), file[p+8:p+8+n]
		switch typ {
		case "IHDR":
			wd, depth = int(binary.BigEndian.Uint32(data)), int(data[8])
		case "IDAT":
			idat = append(idat, data...)
		}
		p += 12 + n
	}
	zr, err := zlib.NewReader(bytes.NewReader(idat))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return raw, 1 + (wd*depth+7)/8
}
