package vgpng

import (
	"encoding/binary"
	"math/bits"
	"slices"
)

// The image data of a dashboard PNG is rows of palette indices, mostly long runs of
// one index, and a row is often the row above again, whole or in long stretches.
// deflater compresses it with an LZ77 that looks for a match at only two
// distances, 1 (a run: the byte before) and the row stride (the bytes above), which
// finds nearly every match that compress/flate finds at its fastest, in a fraction
// of the time, and codes the matches and literals of each block with its own
// Huffman codes.
//
// It earns its place against the libraries (BenchmarkEncode, in `make bench`): on the
// corpus's 55 dashboards it took 1.5-2.0 ms and 58.7 KB a picture (79.6 KB the
// largest), klauspost/compress's zlib at level 1 1.8-2.1 ms and 61.0 KB (92 KB the
// largest, over the 80 KB a dashboard is held to), image/png at BestSpeed 3.2-3.6
// ms and 63.2 KB, and klauspost's zlib at level 6, the fastest library setting that
// keeps every dashboard under 80 KB, 4.1-4.7 ms and 52.1 KB: some 18% of the CPU of
// a cold report of the corpus more than this.

// deflater holds the buffers of one compression, kept for reuse.
type deflater struct {
	tokens []uint32 // the tokens of the block being made, as tokenize makes them
	out    []byte
	acc    uint64 // bits waiting to be written, the first in the low bits
	nacc   uint   // the number of bits in acc, at most 31 between writes
	pos    int    // the bytes of the image data compressed so far
	adler  uint32 // their Adler-32 checksum
	stride int    // the distance to the byte above, or 0 if deflate cannot reach it
	dtok   uint32 // that distance as a token holds it

	lfreq [numLit]int32
	dfreq [numDist]int32
	lit   huffCode // the literal/length code of the block
	dist  huffCode // the distance code of the block
	cl    huffCode // the code of the code lengths
	work  huffWork
	lens  [numLit + numDist]uint8 // the lengths of the literal/length and distance codes, for the header
	clSym []uint8                 // those lengths run-length coded: symbols and, after 16, 17 and 18, their extra bits
}

const (
	numLit     = 286 // literal/length symbols: 256 bytes, end of block, 29 lengths
	numDist    = 30  // distance symbols
	endOfBlock = 256 // the end-of-block symbol

	minMatch = 3
	maxMatch = 258
	// blockBytes is about how many bytes of input go into one deflate block: more
	// blocks follow the data more closely, and each costs a header of some 60 bytes.
	// Over the corpus's 55 dashboards, 32 KB makes them 0.75% smaller in all than
	// 64 KB, and 16 KB or 128 KB bigger; the speed is the same.
	blockBytes = 1 << 15
)

// A token is a literal or a match of the LZ77 stage, packed in 32 bits: bits 0-8 are
// the literal/length symbol, and for a match bits 9-13 hold the extra bits of the
// length, bits 14-18 the distance symbol and bits 19-31 the extra bits of the
// distance.

// litToken returns the token of the literal byte b.
func litToken(b byte) uint32 { return uint32(b) }

// lenTokens holds, for each match length less minMatch, the length's symbol and
// extra bits as a token holds them.
var lenTokens = func() (t [maxMatch - minMatch + 1]uint32) {
	for l := minMatch; l <= maxMatch; l++ {
		sym := 0
		for sym+1 < len(lenBase) && int(lenBase[sym+1]) <= l {
			sym++
		}
		if l == maxMatch {
			sym = len(lenBase) - 1 // 258 has a symbol of its own, 285
		}
		t[l-minMatch] = uint32(257+sym) | uint32(l-int(lenBase[sym]))<<9
	}
	return t
}()

// distToken returns the distance symbol and extra bits of distance d (1 to
// 32768) as a token holds them.
func distToken(d int) uint32 {
	sym := 0
	for sym+1 < len(distBase) && int(distBase[sym+1]) <= d {
		sym++
	}
	return uint32(sym)<<14 | uint32(d-int(distBase[sym]))<<19
}

// The base values and extra bits of the length and distance symbols (RFC 1951,
// 3.2.5).
var (
	lenBase = [29]uint16{3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
		35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258}
	lenExtra = [29]uint8{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
		3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0}
	distBase = [30]uint16{1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
		257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577}
	distExtra = [30]uint8{0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
		7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13}
	// clOrder is the order in which a block header gives the code-length code.
	clOrder = [19]uint8{16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15}
)

// fixedCodes is the fixed literal/length and distance codes of RFC 1951, 3.2.6.
var fixedCodes = func() (f struct{ lit, dist huffCode }) {
	lit, dist := &f.lit, &f.dist
	var ll [288]uint8
	for i := range ll {
		switch {
		case i < 144:
			ll[i] = 8
		case i < 256:
			ll[i] = 9
		case i < 280:
			ll[i] = 7
		default:
			ll[i] = 8
		}
	}
	copy(lit.len[:], ll[:])
	lit.n = len(ll) // 286 and 287 are never used, but they shape the code
	lit.assign()
	for i := range numDist {
		dist.len[i] = 5
	}
	dist.n = numDist
	dist.assign()
	return f
}()

// zlibStream appends to dst data compressed as a zlib stream (RFC 1950) and returns
// the extended slice. stride is the distance to the byte above in the picture, the
// length of a row with its filter byte.
func (d *deflater) zlibStream(dst, data []byte, stride int) []byte {
	d.begin(dst, stride)
	d.feed(data, true)
	return d.out
}

// begin starts a zlib stream, appended to dst, of image data whose rows are stride
// bytes long, filter byte and all; feed gives the data.
func (d *deflater) begin(dst []byte, stride int) {
	d.out = append(dst, 0x78, 0x01) // deflate with a 32 KB window; fastest
	d.acc, d.nacc = 0, 0
	d.pos, d.adler = 0, 1
	if stride < 1 || stride > 32768 {
		stride = 0 // too far back for deflate: runs only
	}
	d.stride, d.dtok = stride, 0
	if stride > 0 {
		d.dtok = distToken(stride)
	}
}

// feed compresses the blocks of data, the image data so far, that it can write
// without looking past its end: all of it when last is set, and then ends the
// stream in d.out. Giving the data a few rows at a time, as it is made, compresses
// it while it is still in the cache, and the blocks are the same as at once.
func (d *deflater) feed(data []byte, last bool) {
	for {
		end := d.pos + blockBytes
		if !last && end+maxMatch+8 > len(data) {
			return // the last match of the block might run past the data
		}
		end = min(end, len(data))
		next := d.tokenize(data, d.pos, end, d.stride, d.dtok)
		d.adler = adler32Sum(d.adler, data[d.pos:next])
		d.pos = next
		final := last && next >= len(data)
		d.writeBlock(final)
		if final {
			d.flushBits()
			d.out = binary.BigEndian.AppendUint32(d.out, d.adler)
			return
		}
	}
}

// adler32Sum returns the Adler-32 checksum (RFC 1950) of the data summed in adler
// followed by data, as hash/adler32 would, but eight bytes at a time: with the bytes b0 to b7 of a word, the running
// sums s1 and s2 become s1 + b0 + ... + b7 and s2 + 8*s1 + 8*b0 + 7*b1 + ... + b7,
// and the sums of the even and the odd bytes, weighted, are the top 16 bits of
// products of the bytes spread into 16-bit lanes. Sums of 64 bits need reducing
// only every few thousand words.
func adler32Sum(adler uint32, data []byte) uint32 {
	const mod = 65521
	const lanes = 0x00FF00FF00FF00FF
	const (
		sum  = 0x0001000100010001 // the sum of the lanes
		even = 0x0008000600040002 // the even bytes weighted 8, 6, 4, 2
		odd  = 0x0007000500030001 // the odd bytes weighted 7, 5, 3, 1
	)
	s1, s2 := uint64(adler&0xFFFF), uint64(adler>>16)
	for len(data) >= 8 {
		// Two words at a time, 16 bytes: the first word's bytes weigh 8 more,
		// and the lanes of the two added stay within 16 bits.
		n := min(len(data)/16, 2048) // before the sums are reduced
		blk := data[:16*n]
		data = data[16*n:]
		for len(blk) >= 16 {
			w0, w1 := binary.LittleEndian.Uint64(blk), binary.LittleEndian.Uint64(blk[8:])
			blk = blk[16:]
			e0, o0 := w0&lanes, w0>>8&lanes
			e1, o1 := w1&lanes, w1>>8&lanes
			b0 := (e0 + o0) * sum >> 48
			s2 += 16*s1 + 8*b0 + ((e0+e1)*even+(o0+o1)*odd)>>48
			s1 += b0 + (e1+o1)*sum>>48
		}
		if n == 0 { // a last word
			w := binary.LittleEndian.Uint64(data)
			data = data[8:]
			e, o := w&lanes, w>>8&lanes
			s2 += 8*s1 + (e*even+o*odd)>>48
			s1 += (e + o) * sum >> 48
		}
		s1 %= mod
		s2 %= mod
	}
	for _, b := range data {
		s1 += uint64(b)
		s2 += s1
	}
	return uint32(s2%mod)<<16 | uint32(s1%mod)
}

// tokenize makes the tokens of data from i to about end, greedily taking the longer
// of the matches at distances 1 and stride (none if stride is 0), counts their
// symbols, and returns where it stopped: at end, or past it when the last match
// runs over.
func (d *deflater) tokenize(data []byte, i, end, stride int, dtok uint32) int {
	if stride == 0 {
		stride, dtok = 1, 0 // the row above is the byte before: runs only
	}
	toks := d.tokens[:0]
	lf := &d.lfreq
	clear(lf[:])
	nrun, nup := int32(0), int32(0)
	// From the second row on and up to a match and a word from the end, both
	// candidates are compared eight bytes at a time, a literal taking a load and
	// two compares.
	fastEnd := min(end, len(data)-maxMatch-8)
	for i < end {
		for i >= stride && i < fastEnd {
			cur := binary.LittleEndian.Uint64(data[i:])
			r := cur ^ binary.LittleEndian.Uint64(data[i-1:])
			u := cur ^ binary.LittleEndian.Uint64(data[i-stride:])
			if r&0xFFFFFF != 0 && u&0xFFFFFF != 0 {
				toks = append(toks, litToken(byte(cur)))
				lf[byte(cur)]++
				i++
				continue
			}
			best, up := 0, false
			if r&0xFFFFFF == 0 {
				best = extend(data, i, i-1, r)
			}
			if best < maxMatch && u&0xFFFFFF == 0 {
				if l := extend(data, i, i-stride, u); l > best {
					best, up = l, true
				}
			}
			t := lenTokens[best-minMatch]
			lf[t&0x1FF]++
			if up {
				t |= dtok
				nup++
			} else {
				nrun++
			}
			toks = append(toks, t)
			i += best
		}
		if i >= end {
			break
		}
		// The first row and the last bytes: one token the slow way.
		maxLen := min(maxMatch, len(data)-i)
		best, tok := 0, uint32(0)
		if maxLen >= minMatch && i >= 1 && data[i] == data[i-1] {
			if l := matchLen(data[i:i+maxLen], data[i-1:]); l >= minMatch {
				best = l // distance 1: symbol 0, no extra bits
			}
		}
		if maxLen >= minMatch && best < maxLen && i >= stride && data[i] == data[i-stride] {
			if l := matchLen(data[i:i+maxLen], data[i-stride:]); l > best && l >= minMatch {
				best, tok = l, dtok
			}
		}
		if best == 0 {
			toks = append(toks, litToken(data[i]))
			lf[data[i]]++
			i++
			continue
		}
		t := lenTokens[best-minMatch]
		lf[t&0x1FF]++
		if tok != 0 {
			nup++
		} else {
			nrun++
		}
		toks = append(toks, t|tok)
		i += best
	}
	d.tokens = toks
	clear(d.dfreq[:])
	d.dfreq[0] += nrun
	d.dfreq[dtok>>14&0x1F] += nup
	return i
}

// extend returns the length of the match at i and j in data, at most
// maxMatch, given x, the exclusive or of the words at i and j; i+maxMatch+8
// must be within data.
func extend(data []byte, i, j int, x uint64) int {
	if x != 0 {
		return bits.TrailingZeros64(x) / 8
	}
	a, b := data[i:i+maxMatch+8], data[j:j+maxMatch+8]
	for n := 8; n < maxMatch; n += 8 {
		if x := binary.LittleEndian.Uint64(a[n:]) ^ binary.LittleEndian.Uint64(b[n:]); x != 0 {
			return min(n+bits.TrailingZeros64(x)/8, maxMatch)
		}
	}
	return maxMatch
}

// matchLen returns how many bytes at the start of a and b agree, at most len(a);
// b must be at least as long as a.
func matchLen(a, b []byte) int {
	n := 0
	for n+8 <= len(a) {
		if x := binary.LittleEndian.Uint64(a[n:]) ^ binary.LittleEndian.Uint64(b[n:]); x != 0 {
			return n + bits.TrailingZeros64(x)/8
		}
		n += 8
	}
	for n < len(a) && a[n] == b[n] {
		n++
	}
	return n
}

// writeBlock writes the tokens, whose symbols tokenize has counted, as one deflate block, with codes made for them or
// the fixed codes, whichever is shorter; last marks the final block.
func (d *deflater) writeBlock(last bool) {
	d.lfreq[endOfBlock] = 1

	d.lit.build(d.lfreq[:], 15, &d.work)
	d.dist.build(d.dfreq[:], 15, &d.work)
	// The header: the code lengths, run-length coded, and their own code.
	nlit, ndist := d.lit.used(257), d.dist.used(1)
	lens := append(append(d.lens[:0], d.lit.len[:nlit]...), d.dist.len[:ndist]...)
	d.clSym = runLengths(d.clSym[:0], lens)
	var clfreq [19]int32
	for k := 0; k < len(d.clSym); k++ {
		s := d.clSym[k]
		clfreq[s]++
		if s >= 16 {
			k++ // its extra bits
		}
	}
	d.cl.build(clfreq[:], 7, &d.work)
	ncl := 19
	for ncl > 4 && d.cl.len[clOrder[ncl-1]] == 0 {
		ncl--
	}
	dynBits := 5 + 5 + 4 + 3*ncl + 2*int(clfreq[16]) + 3*int(clfreq[17]) + 7*int(clfreq[18])
	for s, f := range clfreq {
		dynBits += int(f) * int(d.cl.len[s])
	}
	fixBits := 0
	for s, f := range d.lfreq {
		dynBits += int(f) * int(d.lit.len[s])
		fixBits += int(f) * int(fixedCodes.lit.len[s])
	}
	for s, f := range d.dfreq {
		dynBits += int(f) * int(d.dist.len[s])
		fixBits += int(f) * 5
	}

	b := uint64(0)
	if last {
		b = 1
	}
	lit, dist := &d.lit, &d.dist
	if fixBits <= dynBits {
		d.put(b|1<<1, 3)
		lit, dist = &fixedCodes.lit, &fixedCodes.dist
	} else {
		d.put(b|2<<1, 3)
		d.put(uint64(nlit-257)|uint64(ndist-1)<<5|uint64(ncl-4)<<10, 14)
		for _, s := range clOrder[:ncl] {
			d.put(uint64(d.cl.len[s]), 3)
		}
		for k := 0; k < len(d.clSym); k++ {
			s := d.clSym[k]
			d.put(uint64(d.cl.code[s]), uint(d.cl.len[s]))
			switch s {
			case 16:
				k++
				d.put(uint64(d.clSym[k]), 2)
			case 17:
				k++
				d.put(uint64(d.clSym[k]), 3)
			case 18:
				k++
				d.put(uint64(d.clSym[k]), 7)
			}
		}
	}
	// The tokens, with the bits that wait kept in locals: after each token the
	// whole word is stored and the output advanced by the bytes it fills, leaving
	// at most 7 bits, to which a match adds at most 48.
	acc, nacc := d.acc, d.nacc
	for nacc >= 8 {
		d.out = append(d.out, byte(acc))
		acc >>= 8
		nacc -= 8
	}
	n := len(d.out)
	buf := slices.Grow(d.out, 6*len(d.tokens)+8)
	buf = buf[:cap(buf)]
	for _, t := range d.tokens {
		sym := t & 0x1FF
		acc |= uint64(lit.code[sym]) << nacc
		nacc += uint(lit.len[sym])
		if sym > endOfBlock {
			acc |= uint64(t>>9&0x1F) << nacc
			nacc += uint(lenExtra[sym-257])
			ds := t >> 14 & 0x1F
			acc |= uint64(dist.code[ds]) << nacc
			nacc += uint(dist.len[ds])
			acc |= uint64(t>>19) << nacc
			nacc += uint(distExtra[ds])
		}
		binary.LittleEndian.PutUint64(buf[n:], acc)
		k := nacc >> 3
		n += int(k)
		acc >>= k << 3
		nacc &= 7
	}
	d.acc, d.nacc, d.out = acc, nacc, buf[:n]
	d.put(uint64(lit.code[endOfBlock]), uint(lit.len[endOfBlock]))
}

// runLengths appends to dst the code-length symbols of lens (RFC 1951, 3.2.7):
// 16 repeats the length before 3-6 times, 17 and 18 give 3-10 and 11-138 zeros,
// each followed in dst by its extra bits.
func runLengths(dst []uint8, lens []uint8) []uint8 {
	for i := 0; i < len(lens); {
		l := lens[i]
		run := 1
		for i+run < len(lens) && lens[i+run] == l {
			run++
		}
		i += run
		if l == 0 {
			for run >= 11 {
				r := min(run, 138)
				dst = append(dst, 18, uint8(r-11))
				run -= r
			}
			if run >= 3 {
				dst = append(dst, 17, uint8(run-3))
				run = 0
			}
		} else {
			dst = append(dst, l)
			run--
			for run >= 3 {
				r := min(run, 6)
				dst = append(dst, 16, uint8(r-3))
				run -= r
			}
		}
		for ; run > 0; run-- {
			dst = append(dst, l)
		}
	}
	return dst
}

// put adds the n low bits of v to the output; n is at most 32.
func (d *deflater) put(v uint64, n uint) {
	d.acc |= v << d.nacc
	d.nacc += n
	if d.nacc >= 32 {
		d.out = binary.LittleEndian.AppendUint32(d.out, uint32(d.acc))
		d.acc >>= 32
		d.nacc -= 32
	}
}

// flushBits writes the bits that wait, the last byte padded with zeros.
func (d *deflater) flushBits() {
	for d.nacc > 0 {
		d.out = append(d.out, byte(d.acc))
		d.acc >>= 8
		d.nacc = d.nacc - min(d.nacc, 8)
	}
	d.acc = 0
}

// huffCode is a canonical Huffman code of up to 288 symbols: each
// symbol's length in bits (0 for a symbol that is not used) and its code, bit
// reversed to be written from the low bit up.
type huffCode struct {
	n    int // the number of symbols
	len  [288]uint8
	code [288]uint16
}

// huffWork holds the scratch space of huffCode.build.
type huffWork struct {
	syms []uint64
	w    []int32
}

// used returns the number of symbols up to the last that has a code, at least least.
func (h *huffCode) used(least int) int {
	n := h.n
	for n > least && h.len[n-1] == 0 {
		n--
	}
	return n
}

// build makes a code, no longer than limit bits, for symbols of the frequencies in
// freq. Every code it makes is complete: when fewer than two symbols are used, it
// gives two of them one bit each, as decoders expect.
func (h *huffCode) build(freq []int32, limit int, wk *huffWork) {
	h.n = len(freq)
	clear(h.len[:])
	// The symbols used, least frequent first, ties by symbol: each a frequency
	// above the symbol's 9 bits.
	syms := wk.syms[:0]
	for s, f := range freq {
		if f > 0 {
			syms = append(syms, uint64(f)<<9|uint64(s))
		}
	}
	wk.syms = syms
	if len(syms) < 2 {
		h.len[0], h.len[1] = 1, 1
		if len(syms) == 1 && syms[0]&0x1FF > 1 {
			h.len[1], h.len[syms[0]&0x1FF] = 0, 1
		}
		h.assign()
		return
	}
	slices.Sort(syms)
	w := wk.w[:0]
	for _, s := range syms {
		w = append(w, int32(s>>9))
	}
	wk.w = w
	huffLengths(w)

	// Lengths over the limit: move their leaves up to the limit and make room by
	// moving the deepest leaves above it down a level (as miniz does), then hand
	// the lengths out again, the shortest to the most frequent.
	var count [32]int32
	for _, l := range w {
		count[min(int(l), limit)]++
	}
	total := 0
	for l := 1; l <= limit; l++ {
		total += int(count[l]) << (limit - l)
	}
	for total > 1<<limit {
		count[limit]--
		for l := limit - 1; l > 0; l-- {
			if count[l] > 0 {
				count[l]--
				count[l+1] += 2
				break
			}
		}
		total--
	}
	k := 0
	for l := limit; l >= 1; l-- {
		for range count[l] {
			h.len[syms[k]&0x1FF] = uint8(l)
			k++
		}
	}
	h.assign()
}

// huffLengths replaces the frequencies in w, in ascending order, with the lengths
// of an optimal prefix code for them, with no limit on length (Moffat and
// Katajainen's in-place algorithm).
func huffLengths(w []int32) {
	n := len(w)
	s, r := 0, 0
	for t := 0; t < n-1; t++ {
		// The two least of the leaves from s on and the internal nodes from r to t.
		for j := range 2 {
			var v int32
			if s >= n || r < t && w[r] < w[s] {
				v = w[r]
				w[r] = int32(t)
				r++
			} else {
				v = w[s]
				s++
			}
			if j == 0 {
				w[t] = v
			} else {
				w[t] += v
			}
		}
	}
	w[n-2] = 0
	for t := n - 3; t >= 0; t-- {
		w[t] = w[w[t]] + 1
	}
	avail, used, depth := 1, 0, int32(0)
	t, x := n-2, n-1
	for avail > 0 {
		for t >= 0 && w[t] == depth {
			used++
			t--
		}
		for avail > used {
			w[x] = depth
			x--
			avail--
		}
		avail, depth, used = 2*used, depth+1, 0
	}
}

// assign gives the symbols their canonical codes from their lengths.
func (h *huffCode) assign() {
	var count [16]uint16
	for _, l := range h.len[:h.n] {
		count[l]++
	}
	count[0] = 0
	var next [16]uint16
	code := uint16(0)
	for l := 1; l < 16; l++ {
		code = (code + count[l-1]) << 1
		next[l] = code
	}
	for s, l := range h.len[:h.n] {
		if l > 0 {
			h.code[s] = bits.Reverse16(next[l]) >> (16 - l)
			next[l]++
		}
	}
}
