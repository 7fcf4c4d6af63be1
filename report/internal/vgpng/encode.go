package vgpng

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"io"
	"slices"
	"sync"

	"github.com/klauspost/compress/zlib"
)

// A dashboard is a dozen flat colours on white, and the shades that anti-aliasing and
// translucent fills blend from them: a few thousand colours in all when drawn in
// RGBA, of which the 128 most used cover 97-99% of the pixels. A paletted PNG is a
// third of the bytes of RGB before compression and a third after. Dashboards and the
// trend picture are drawn in palette indices from the start (Picture);
// Encode writes a picture drawn in RGBA, a thumbnail, as a paletted PNG, with
// every colour kept exactly when there are at most 256 of them and otherwise each
// rare shade drawn in the nearest palette colour.

// blendSteps is the number of blends of each drawing colour with white in a base
// palette (BasePalette), and of levels of coverage a Picture draws at: with the
// dashboard's nine drawing colours, 8 leaves maxColours - 1 - 9*8 = 55 places for an
// RGBA picture's own most used colours.
const blendSteps = 8

// maxColours is the size of the palette of a picture with more than 256 colours.
// 128 rather than 256 makes a dashboard 6% smaller, and the eye sees no change: the
// colours left out are rare shades at the edges of translucent dots and lines.
const maxColours = 128

// scratch holds the buffers of one encoding, kept for reuse.
type scratch struct {
	colours colourTable
	runs    []colourRun
	row     []byte // a row of indices, one a byte, before they are packed
	raw     []byte // the image data: each row's filter byte and packed indices
	idat    bytes.Buffer
	zw      *zlib.Writer // writes into idat; made by compress when first needed
}

var scratches = sync.Pool{New: func() any { return new(scratch) }}

// zlibLevel is the compression level of the image data: klauspost/compress's
// fastest. On the corpus's 55 dashboards (BenchmarkEncode) it takes 1.9 ms a
// picture, against 3.3 ms for image/png at BestSpeed, for 61.0 KB (92.1 KB the
// largest) against 63.2 KB; level 6 makes them 52.1 KB at 4.3 ms. A deflate of
// the package's own, which looked for matches only in the run before and the row
// above, took 1.6 ms for 58.7 KB: about 2% of a cold report's CPU, not worth its
// 660 lines (issue 17 kept it only for more than about 10%).
const zlibLevel = 1

// compress compresses the image data data into s.idat, a zlib stream, and returns
// it; the slice is good until s is used again.
func (s *scratch) compress(data []byte) ([]byte, error) {
	s.idat.Reset()
	if s.zw == nil {
		zw, err := zlib.NewWriterLevel(&s.idat, zlibLevel)
		if err != nil {
			return nil, err
		}
		s.zw = zw
	} else {
		s.zw.Reset(&s.idat)
	}
	if _, err := s.zw.Write(data); err != nil {
		return nil, err
	}
	if err := s.zw.Close(); err != nil {
		return nil, err
	}
	return s.idat.Bytes(), nil
}

// Encode writes img, which must be opaque, as a paletted PNG: exact when the
// picture has at most 256 colours, else in maxColours of them (the most used, the
// base palette base, as BasePalette makes it, and the next most used), every other
// colour drawn in the nearest. The indices take 1, 2, 4 or 8 bits
// as the palette needs, the rows are not filtered (filters do not help palette
// indices: the Up filter where it helps makes a dashboard 3% bigger), and
// klauspost/compress's zlib compresses them at its fastest (zlibLevel). It is safe
// for concurrent use.
func Encode(w io.Writer, img *image.RGBA, base []color.RGBA) error {
	s := scratches.Get().(*scratch)
	defer scratches.Put(s)
	wd, ht, pal, depth, err := s.palette(img, base)
	if err != nil {
		return err
	}
	tab := &s.colours

	// The image data, every row unfiltered (filter type 0) and packed, is made
	// whole and then compressed in one piece.
	rowBytes := (wd*depth + 7) / 8
	stride := 1 + rowBytes
	s.raw = slices.Grow(s.raw[:0], ht*stride)[:ht*stride]
	s.row = slices.Grow(s.row[:0], wd)[:wd]
	x, y, last, idx := 0, 0, uint32(1<<31), uint8(0)
	for _, rn := range s.runs {
		if rn.key != last {
			last, idx = rn.key, tab.index[tab.slot(rn.key)]
		}
		line := s.row
		if depth == 8 {
			line = s.raw[y*stride+1:][:wd]
		}
		fillBytes(line[x:x+int(rn.n)], idx)
		if x += int(rn.n); x == wd {
			s.raw[y*stride] = 0
			if depth < 8 {
				copy(s.raw[y*stride+1:], line[:pack(line, depth)])
			}
			x, y = 0, y+1
		}
	}
	idat, err := s.compress(s.raw)
	if err != nil {
		return err
	}
	return writeFile(w, wd, ht, depth, pal, idat)
}

// writeFile writes a paletted PNG of wd x ht pixels, depth bits an index, with
// palette pal and the compressed image data idat.
func writeFile(w io.Writer, wd, ht, depth int, pal []color.RGBA, idat []byte) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	if _, err := bw.WriteString("\x89PNG\r\n\x1a\n"); err != nil {
		return err
	}
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(wd))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(ht))
	ihdr[8], ihdr[9] = byte(depth), 3 // bits per index, paletted; deflate, no filter choice, no interlace
	plte := make([]byte, 0, 3*len(pal))
	for _, c := range pal {
		plte = append(plte, c.R, c.G, c.B)
	}
	for _, ch := range []struct {
		typ  string
		data []byte
	}{{"IHDR", ihdr}, {"PLTE", plte}, {"IDAT", idat}, {"IEND", nil}} {
		if err := writeChunk(bw, ch.typ, ch.data); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// fillBytes sets every byte of b to v.
func fillBytes(b []byte, v byte) {
	if len(b) < 16 {
		for i := range b {
			b[i] = v
		}
		return
	}
	w := uint64(v) * 0x0101010101010101
	i := 0
	for ; i+8 <= len(b); i += 8 {
		binary.LittleEndian.PutUint64(b[i:], w)
	}
	binary.LittleEndian.PutUint64(b[len(b)-8:], w)
}

// pack packs the indices of row, one a byte, at depth bits each (1, 2, 4 or 8),
// the leftmost in the high bits, in place, and returns the bytes they take.
func pack(row []byte, depth int) int {
	if depth == 8 {
		return len(row)
	}
	per := 8 / depth // indices in a byte
	n := (len(row) + per - 1) / per
	for i := range n {
		var b byte
		for k := range per {
			b <<= depth
			if j := i*per + k; j < len(row) {
				b |= row[j]
			}
		}
		row[i] = b
	}
	return n
}

// colourRun is a run of n pixels of one colour in a row; the key of a colour is its
// red, green and blue bytes as a little-endian number, as rgbOf reads it.
type colourRun struct{ key, n uint32 }

// rgbOf returns the colour of key k.
func rgbOf(k uint32) color.RGBA { return color.RGBA{uint8(k), uint8(k >> 8), uint8(k >> 16), 0xFF} }

// colourTable counts the colours of a picture in an open-addressing hash table
// and then gives each its palette index.
type colourTable struct {
	keys  []uint32 // the colour's key with bit 31 set, or 0 for an empty slot
	count []int32
	index []uint8
	used  int
}

// reset empties the table, keeping its memory.
func (t *colourTable) reset() {
	if len(t.keys) == 0 {
		t.keys = make([]uint32, 1<<13)
		t.count = make([]int32, 1<<13)
		t.index = make([]uint8, 1<<13)
	}
	clear(t.keys)
	clear(t.count)
	t.used = 0
}

// slot returns the slot of colour k, adding it if new.
func (t *colourTable) slot(k uint32) int {
	mask := len(t.keys) - 1
	h := int((k*0x9E3779B1)>>7) & mask
	for {
		switch t.keys[h] {
		case k | 1<<31:
			return h
		case 0:
			if 2*(t.used+1) > len(t.keys) {
				t.grow()
				return t.slot(k)
			}
			t.keys[h] = k | 1<<31
			t.used++
			return h
		}
		h = (h + 1) & mask
	}
}

// grow doubles the table.
func (t *colourTable) grow() {
	keys, count := t.keys, t.count
	t.keys = make([]uint32, 2*len(keys))
	t.count = make([]int32, 2*len(keys))
	t.index = make([]uint8, 2*len(keys))
	t.used = 0
	for i, k := range keys {
		if k != 0 {
			t.count[t.slot(k&^(1<<31))] = count[i]
		}
	}
}

// palette chooses the palette and sets the index of every colour in the table: all
// the colours when there are at most 256, else the most used, base and then the
// next most used up to maxColours, with each of the others mapped to its nearest.
func (t *colourTable) palette(base []color.RGBA) []color.RGBA {
	type entry struct {
		key  uint32
		n    int32
		slot int
	}
	all := make([]entry, 0, t.used)
	for i, k := range t.keys {
		if k != 0 {
			all = append(all, entry{k &^ (1 << 31), t.count[i], i})
		}
	}
	// Most used first; ties by colour, so that the palette never depends on the
	// order of the hash table.
	slices.SortFunc(all, func(a, b entry) int {
		if a.n != b.n {
			return int(b.n - a.n)
		}
		return int(int64(a.key) - int64(b.key))
	})
	var pal []color.RGBA
	if len(all) <= 256 {
		for i, e := range all {
			pal = append(pal, rgbOf(e.key))
			t.index[e.slot] = uint8(i)
		}
		return pal
	}
	in := make(map[uint32]int, 256)
	put := func(c color.RGBA) {
		k := uint32(c.B)<<16 | uint32(c.G)<<8 | uint32(c.R)
		if _, ok := in[k]; !ok && len(pal) < maxColours {
			in[k] = len(pal)
			pal = append(pal, c)
		}
	}
	// The most used colour (the background) first, then the base, then the rest.
	put(rgbOf(all[0].key))
	for _, c := range base {
		put(c)
	}
	for _, e := range all {
		put(rgbOf(e.key))
	}
	near := newNearest(pal)
	for _, e := range all {
		if i, ok := in[e.key]; ok {
			t.index[e.slot] = uint8(i)
			continue
		}
		t.index[e.slot] = uint8(near.find(rgbOf(e.key)))
	}
	return pal
}

// nearest finds the nearest colour of a palette, by squared distance weighted
// 2:4:3 for red, green and blue as the eye weighs them, the first of equals. It
// searches outwards from the colour's green in the palette sorted by green, and
// stops where the green alone is farther than the best so far.
type nearest struct {
	pal   []color.RGBA
	order []int // palette indices by ascending green, then index
}

func newNearest(pal []color.RGBA) *nearest {
	n := &nearest{pal: pal, order: make([]int, len(pal))}
	for i := range n.order {
		n.order[i] = i
	}
	slices.SortFunc(n.order, func(a, b int) int {
		if d := int(pal[a].G) - int(pal[b].G); d != 0 {
			return d
		}
		return a - b
	})
	return n
}

// find returns the index of the palette colour nearest c.
func (n *nearest) find(c color.RGBA) int {
	best, bestD := -1, int(^uint(0)>>1)
	try := func(i int) bool { // reports whether to go on in this direction
		p := n.pal[i]
		dr, dg, db := int(p.R)-int(c.R), int(p.G)-int(c.G), int(p.B)-int(c.B)
		if 4*dg*dg > bestD {
			return false
		}
		if d := 2*dr*dr + 4*dg*dg + 3*db*db; d < bestD || d == bestD && i < best {
			best, bestD = i, d
		}
		return true
	}
	at, _ := slices.BinarySearchFunc(n.order, c.G, func(i int, g uint8) int { return int(n.pal[i].G) - int(g) })
	for k := at; k < len(n.order) && try(n.order[k]); k++ {
	}
	for k := at - 1; k >= 0 && try(n.order[k]); k-- {
	}
	return best
}

// writeChunk writes one PNG chunk: length, type, data and CRC.
func writeChunk(w io.Writer, typ string, data []byte) error {
	var hdr [8]byte
	binary.BigEndian.PutUint32(hdr[:4], uint32(len(data)))
	copy(hdr[4:], typ)
	crc := crc32.NewIEEE()
	crc.Write(hdr[4:])
	crc.Write(data)
	var sum [4]byte
	binary.BigEndian.PutUint32(sum[:], crc.Sum32())
	for _, part := range [][]byte{hdr[:], data, sum[:]} {
		if _, err := w.Write(part); err != nil {
			return err
		}
	}
	return nil
}

// palette checks that img has pixels, scans it (scan) and returns its size, its
// palette and the bits an index takes.
func (s *scratch) palette(img *image.RGBA, base []color.RGBA) (wd, ht int, pal []color.RGBA, depth int, err error) {
	wd, ht = img.Bounds().Dx(), img.Bounds().Dy()
	if wd <= 0 || ht <= 0 {
		return 0, 0, nil, 0, fmt.Errorf("vgpng: a PNG of %d x %d pixels", wd, ht)
	}
	pal, depth = s.scan(img, base)
	return wd, ht, pal, depth, nil
}

// scan splits the rows of img into runs of one colour (s.runs), most of a picture
// being long runs, counts the colours by the pixel in s.colours, and returns the
// palette and the bits an index takes: fewer than 8 for a small palette, as in a
// thumbnail.
func (s *scratch) scan(img *image.RGBA, base []color.RGBA) (pal []color.RGBA, depth int) {
	b := img.Bounds()
	wd := b.Dx()
	tab := &s.colours
	tab.reset()
	s.runs = s.runs[:0]
	for y := b.Min.Y; y < b.Max.Y; y++ {
		pix := img.Pix[img.PixOffset(b.Min.X, y):][:4*wd]
		cur := binary.LittleEndian.Uint32(pix)
		cur2 := uint64(cur) * (1<<32 + 1) // two pixels of the colour
		from := 0
		for x := 1; x < wd; {
			if x+2 <= wd && binary.LittleEndian.Uint64(pix[4*x:]) == cur2 {
				x += 2
				continue
			}
			if v := binary.LittleEndian.Uint32(pix[4*x:]); v != cur {
				s.runs = append(s.runs, colourRun{cur & 0xFFFFFF, uint32(x - from)})
				tab.count[tab.slot(cur&0xFFFFFF)] += int32(x - from)
				cur, cur2, from = v, uint64(v)*(1<<32+1), x
			}
			x++
		}
		s.runs = append(s.runs, colourRun{cur & 0xFFFFFF, uint32(wd - from)})
		tab.count[tab.slot(cur&0xFFFFFF)] += int32(wd - from)
	}
	pal = tab.palette(base)
	depth = 8
	for depth > 1 && len(pal) <= 1<<(depth/2) {
		depth /= 2
	}
	return pal, depth
}
