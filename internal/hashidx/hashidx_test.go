package hashidx

import (
	"math/rand/v2"
	"testing"
)

// TestAgainstMap runs random adds and removes, with many hashes shared by
// several ids, against a plain map of id to slot, across merges.
func TestAgainstMap(t *testing.T) {
	for _, tc := range []struct {
		name   string
		ops    int
		hashes uint64 // distinct hashes: fewer than ids makes collisions
	}{
		{"few collisions, many merges", 60000, 1 << 40},
		{"every hash shared", 20000, 500},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(1, 2))
			var x Index
			idOf := map[int32]int{}   // slot → id it holds
			slotOf := map[int]int32{} // id → slot
			hash := func(id int) uint64 { return uint64(id*2654435761) % tc.hashes }
			next := int32(0)
			for op := 0; op < tc.ops; op++ {
				id := r.IntN(tc.ops / 2)
				if v, ok := slotOf[id]; ok && r.IntN(3) == 0 {
					x.Remove(hash(id), v)
					delete(slotOf, id)
					delete(idOf, v)
					continue
				}
				if _, ok := slotOf[id]; !ok {
					slotOf[id], idOf[next] = next, id
					x.Add(hash(id), next)
					next++
				}
			}
			if got, want := x.Len(), len(slotOf); got != want {
				t.Errorf("Len() = %d, want %d", got, want)
			}
			for id := 0; id < tc.ops/2; id++ {
				want, wantOK := slotOf[id]
				got, ok := x.Find(hash(id), func(v int32) bool { i, live := idOf[v]; return live && i == id })
				if ok != wantOK || got != want {
					t.Fatalf("Find(id %d) = %d, %v; want %d, %v", id, got, ok, want, wantOK)
				}
			}
		})
	}
}
