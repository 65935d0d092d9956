package dedup

import (
	"math/bits"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/zeebo/xxh3"
	"golang.org/x/text/unicode/norm"
)

// Near-duplicate detection at scale: a MinHash signature of each text's
// word 5-shingles, banded for locality-sensitive hashing (LSH), and an
// exact hash of its normalised words. The Go MinHash/LSH libraries are
// old and batch-only (ekzhu/minhash-lsh must re-index after every add,
// and keeps 64-bit values and Go maps per band), so the signature and
// the index are written here over xxh3, in flat arrays: adding or
// querying one article costs the same whatever the number stored.

// Signature sizes: NumHashes MinHash values of 16 bits (b-bit MinHash,
// by one-permutation hashing), cut into Bands bands of Rows values each.
const (
	Rows      = 3
	Bands     = 20
	NumHashes = Rows * Bands
	shingleN  = 5
)

// Signature is what the index keeps of a text.
type Signature struct {
	// Exact hashes the text's normalised words (case folded, punctuation
	// and spacing dropped): equal for the same article re-ingested,
	// re-encoded or re-wrapped.
	Exact uint64
	// Mins are the MinHash values of the text's word shingles.
	Mins [NumHashes]uint16
	// Shingles is the number of distinct shingles (about: counted
	// with repeats), for containment estimates.
	Shingles uint32
}

// signer holds the buffers of one Sign call; Sign keeps a pool of them.
type signer struct {
	words []uint64
	buf   []byte
	dec   []byte
	exact *xxh3.Hasher
}

var signers = sync.Pool{New: func() any { return &signer{exact: xxh3.New()} }}

// Sign computes the signature of text. It is safe for concurrent use.
func Sign(text string) Signature {
	s := signers.Get().(*signer)
	defer signers.Put(s)
	s.words = s.words[:0]
	s.exact.Reset()
	// Words: maximal runs of letters and digits, lower-cased, with
	// compatibility forms decomposed and accents dropped, so that
	// composed and decomposed, full-width and ASCII spellings meet.
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if r < utf8.RuneSelf {
			i += size
			if 'a' <= r && r <= 'z' || '0' <= r && r <= '9' {
				s.buf = append(s.buf, byte(r))
			} else if 'A' <= r && r <= 'Z' {
				s.buf = append(s.buf, byte(r+'a'-'A'))
			} else {
				s.flush()
			}
			continue
		}
		s.dec = norm.NFKD.AppendString(s.dec[:0], text[i:i+size])
		i += size
		for _, d := range string(s.dec) {
			switch {
			case unicode.Is(unicode.Mn, d):
			case unicode.IsLetter(d) || unicode.IsDigit(d):
				s.buf = utf8.AppendRune(s.buf, unicode.ToLower(d))
			default:
				s.flush()
			}
		}
	}
	s.flush()
	sig := Signature{Exact: s.exact.Sum64()}
	// One-permutation hashing: each shingle hash falls in one of
	// NumHashes buckets, which keep their least value; empty buckets
	// borrow from the next non-empty one (rotation densification,
	// Shrivastava and Li 2014), so that one hash per shingle does the
	// work of NumHashes.
	var mins [NumHashes]uint32
	var filled [NumHashes]bool
	add := func(x uint64) {
		b := (x >> 32) * NumHashes >> 32
		if v := uint32(x); !filled[b] || v < mins[b] {
			mins[b], filled[b] = v, true
		}
		sig.Shingles++
	}
	w := s.words
	switch {
	case len(w) == 0:
	case len(w) < shingleN:
		add(shingleHash(w))
	default:
		for i := 0; i+shingleN <= len(w); i++ {
			add(shingleHash(w[i : i+shingleN]))
		}
	}
	if sig.Shingles > 0 {
		for i := range mins {
			if filled[i] {
				continue
			}
			for d := 1; d < NumHashes; d++ {
				if j := (i + d) % NumHashes; filled[j] {
					mins[i] = mins[j] + uint32(d)*0x9e3779b9 // distinct from the source bucket's value
					break
				}
			}
		}
	}
	for i, m := range mins {
		sig.Mins[i] = uint16(m >> 16)
	}
	return sig
}

// flush ends the word in buf.
func (s *signer) flush() {
	if len(s.buf) == 0 {
		return
	}
	s.words = append(s.words, xxh3.Hash(s.buf))
	s.buf = append(s.buf, ' ')
	s.exact.Write(s.buf)
	s.buf = s.buf[:0]
}

// shingleHash combines the hashes of a run of words, order-sensitively.
func shingleHash(w []uint64) uint64 {
	h := uint64(len(w))
	for i, x := range w {
		h ^= bits.RotateLeft64(x, 11*i)
	}
	// fmix64 from MurmurHash3, so that nearby combinations spread.
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	h *= 0xc4ceb9fe1a85ec53
	return h ^ h>>33
}

// Jaccard estimates the Jaccard similarity of the shingle sets behind two
// signatures: the fraction of equal MinHash values (16-bit values agree
// by chance once in 65,536).
func (s *Signature) Jaccard(o *Signature) float64 {
	eq := 0
	for i := range s.Mins {
		if s.Mins[i] == o.Mins[i] {
			eq++
		}
	}
	return float64(eq) / NumHashes
}

// Containment estimates the fraction of s's shingles that are in o's,
// from the Jaccard estimate and the two sizes.
func (s *Signature) Containment(o *Signature) float64 {
	j := s.Jaccard(o)
	if s.Shingles == 0 {
		return 0
	}
	inter := j * float64(s.Shingles+o.Shingles) / (1 + j)
	return min(1, inter/float64(s.Shingles))
}

// band returns the key of band b of a signature.
func (s *Signature) band(b int) uint64 {
	m := s.Mins[b*Rows : b*Rows+Rows]
	x := uint64(m[0]) | uint64(m[1])<<16 | uint64(m[2])<<32 | uint64(b)<<48
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	return x
}

// NearIndex stores signatures and finds, for a new one, the stored
// documents with the same exact hash or sharing an LSH band. Documents
// are numbered from 0 in the order added. Memory per document: the
// signature (128 bytes), a next link per band (80 bytes), and hash
// table slots (4 bytes each, at most half full) for the exact hash and
// every band: under 400 bytes in all. It is safe for concurrent use.
type NearIndex struct {
	mu    sync.RWMutex
	sigs  []Signature
	exact table
	bands [Bands]table
	next  []uint32 // next[doc*Bands+b]: the next document in doc's bucket of band b, +1
}

// table is an open-addressing hash table from a key to the most recently
// added document with that key (+1; 0 is empty). Keys are not stored:
// they are recomputed from the documents' signatures.
type table struct {
	slots []uint32
	used  int
}

// NewNearIndex returns an empty index with room for about n documents.
func NewNearIndex(n int) *NearIndex {
	x := &NearIndex{sigs: make([]Signature, 0, n), next: make([]uint32, 0, n*Bands)}
	size := 1024
	for size < 2*n {
		size *= 2
	}
	x.exact.slots = make([]uint32, size)
	for b := range x.bands {
		x.bands[b].slots = make([]uint32, size)
	}
	return x
}

// Len returns the number of documents stored.
func (x *NearIndex) Len() int {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return len(x.sigs)
}

// Signature returns the signature of stored document doc.
func (x *NearIndex) Signature(doc uint32) Signature {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.sigs[doc]
}

// Near is a stored document found for a signature.
type Near struct {
	Doc     uint32
	Exact   bool    // same normalised text
	Jaccard float64 // estimated shingle Jaccard
	// Contained is the estimated fraction of the query's shingles in
	// Doc's, and Contains the fraction of Doc's in the query's.
	Contained, Contains float64
}

// lookup finds the slot of key in t: the slot holding a document whose
// key (by keyOf) is key, or the empty slot where it would go.
func (t *table) lookup(key uint64, keyOf func(doc uint32) uint64) int {
	mask := uint64(len(t.slots) - 1)
	for i := key & mask; ; i = (i + 1) & mask {
		d := t.slots[i]
		if d == 0 || keyOf(d-1) == key {
			return int(i)
		}
	}
}

// grow doubles t when it is half full.
func (t *table) grow(keyOf func(doc uint32) uint64) {
	if 2*(t.used+1) <= len(t.slots) {
		return
	}
	old := t.slots
	t.slots = make([]uint32, 2*len(old))
	mask := uint64(len(t.slots) - 1)
	for _, d := range old {
		if d == 0 {
			continue
		}
		i := keyOf(d-1) & mask
		for t.slots[i] != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = d
	}
}

// Query returns the stored documents with sig's exact hash or an
// estimated Jaccard of at least minJaccard among those sharing a band
// with sig, or containing (or contained in) it to at least minContain.
func (x *NearIndex) Query(sig *Signature, minJaccard, minContain float64) []Near {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.query(sig, minJaccard, minContain, nil)
}

func (x *NearIndex) query(sig *Signature, minJaccard, minContain float64, out []Near) []Near {
	seen := make(map[uint32]bool, 8)
	if i := x.exact.lookup(sig.Exact, func(d uint32) uint64 { return x.sigs[d].Exact }); x.exact.slots[i] != 0 {
		d := x.exact.slots[i] - 1
		seen[d] = true
		out = append(out, Near{Doc: d, Exact: true, Jaccard: 1, Contained: 1, Contains: 1})
	}
	for b := range x.bands {
		key := sig.band(b)
		t := &x.bands[b]
		i := t.lookup(key, func(d uint32) uint64 { return x.sigs[d].band(b) })
		for d := t.slots[i]; d != 0; d = x.next[int(d-1)*Bands+b] {
			doc := d - 1
			if seen[doc] {
				continue
			}
			seen[doc] = true
			o := &x.sigs[doc]
			n := Near{Doc: doc, Jaccard: sig.Jaccard(o), Contained: sig.Containment(o), Contains: o.Containment(sig)}
			if n.Jaccard >= minJaccard || max(n.Contained, n.Contains) >= minContain {
				out = append(out, n)
			}
		}
	}
	return out
}

// Add queries sig like Query, then stores it as the next document and
// returns its number with what was found.
func (x *NearIndex) Add(sig Signature, minJaccard, minContain float64) (uint32, []Near) {
	x.mu.Lock()
	defer x.mu.Unlock()
	found := x.query(&sig, minJaccard, minContain, nil)
	doc := uint32(len(x.sigs))
	x.sigs = append(x.sigs, sig)
	exactKey := func(d uint32) uint64 { return x.sigs[d].Exact }
	x.exact.grow(exactKey)
	if i := x.exact.lookup(sig.Exact, exactKey); x.exact.slots[i] == 0 {
		x.exact.slots[i] = doc + 1
		x.exact.used++
	}
	for b := range x.bands {
		keyOf := func(d uint32) uint64 { return x.sigs[d].band(b) }
		t := &x.bands[b]
		t.grow(keyOf)
		i := t.lookup(sig.band(b), keyOf)
		x.next = append(x.next, t.slots[i])
		if t.slots[i] == 0 {
			t.used++
		}
		t.slots[i] = doc + 1
	}
	return doc, found
}
