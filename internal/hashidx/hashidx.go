// Package hashidx maps the 64-bit hashes of record ids to int32 slots in
// twelve bytes an entry, for the in-memory working set: a Go map of a
// million uint64 keys costs 35–45 MB, this costs 12 MB.
//
// Entries live in two sorted arrays (hashes, slots), searched by bisection,
// and the entries added since the last merge in a small map; past an eighth
// of the sorted part they are merged in. A hash names a slot only as a
// candidate: the caller confirms that the slot holds the id it looks for,
// so two ids with one hash cost nothing but a second candidate. Look-ups
// take a few hundred nanoseconds, which is what loading and updating a
// working set need; hot loops keep slot numbers, not ids.
//
// An Index is not safe for concurrent use: its owner's lock guards it.
package hashidx

import (
	"cmp"
	"slices"
)

// Index maps hashes to slots. The zero value is empty and ready.
type Index struct {
	hs      []uint64 // sorted
	vs      []int32  // vs[k] is the slot of hs[k]; -1 once removed
	removed int      // entries of vs that are -1
	add     map[uint64]int32
	dup     []entry // added entries whose hash add already held
}

type entry struct {
	h uint64
	v int32
}

// Find returns a slot filed under h for which is reports true.
func (x *Index) Find(h uint64, is func(int32) bool) (int32, bool) {
	if v, ok := x.add[h]; ok && is(v) {
		return v, true
	}
	for _, e := range x.dup {
		if e.h == h && is(e.v) {
			return e.v, true
		}
	}
	k, _ := slices.BinarySearch(x.hs, h)
	for ; k < len(x.hs) && x.hs[k] == h; k++ {
		if v := x.vs[k]; v >= 0 && is(v) {
			return v, true
		}
	}
	return 0, false
}

// Add files slot v under h. Filing a slot already filed under h again
// does nothing.
func (x *Index) Add(h uint64, v int32) {
	if x.add == nil {
		x.add = map[uint64]int32{}
	}
	switch old, ok := x.add[h]; {
	case !ok:
		x.add[h] = v
	case old != v && !slices.Contains(x.dup, entry{h, v}):
		x.dup = append(x.dup, entry{h, v})
	}
	if len(x.add)+len(x.dup) > 4096+len(x.hs)/8 {
		x.merge()
	}
}

// Remove unfiles slot v from under h, if it is filed there.
func (x *Index) Remove(h uint64, v int32) {
	if old, ok := x.add[h]; ok && old == v {
		delete(x.add, h)
		return
	}
	if i := slices.Index(x.dup, entry{h, v}); i >= 0 {
		x.dup = slices.Delete(x.dup, i, i+1)
		return
	}
	k, _ := slices.BinarySearch(x.hs, h)
	for ; k < len(x.hs) && x.hs[k] == h; k++ {
		if x.vs[k] == v {
			x.vs[k] = -1
			x.removed++
			return
		}
	}
}

// Len returns the number of entries filed.
func (x *Index) Len() int { return len(x.hs) - x.removed + len(x.add) + len(x.dup) }

// merge moves the recent entries into the sorted arrays, dropping the
// removed ones, with a sixteenth of room to spare.
func (x *Index) merge() {
	recent := make([]entry, 0, len(x.add)+len(x.dup))
	for h, v := range x.add {
		recent = append(recent, entry{h, v})
	}
	recent = append(recent, x.dup...)
	slices.SortFunc(recent, func(a, b entry) int { return cmp.Compare(a.h, b.h) })
	n := len(x.hs) - x.removed + len(recent)
	hs, vs := make([]uint64, 0, n+n/16), make([]int32, 0, n+n/16)
	i := 0
	for k, h := range x.hs {
		for ; i < len(recent) && recent[i].h < h; i++ {
			hs, vs = append(hs, recent[i].h), append(vs, recent[i].v)
		}
		if x.vs[k] >= 0 {
			hs, vs = append(hs, h), append(vs, x.vs[k])
		}
	}
	for ; i < len(recent); i++ {
		hs, vs = append(hs, recent[i].h), append(vs, recent[i].v)
	}
	x.hs, x.vs, x.removed = hs, vs, 0
	x.add, x.dup = map[uint64]int32{}, nil
}
