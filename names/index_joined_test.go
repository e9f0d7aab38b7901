package names

import (
	"fmt"
	"testing"
)

// joinedTestWord returns a distinct invented surname for j.
func joinedTestWord(j int) string {
	b := []byte("Zq")
	for {
		b = append(b, byte('a'+j%26))
		j /= 26
		if j == 0 {
			break
		}
	}
	return string(b) + "ov"
}

// Two adjacent query words that also spell an indexed word ("Mary Ann" and
// a "Maryann" elsewhere in the index) must not hide the alias that bears
// the query's words as written: the joined reading is optional.
func TestIndexExactNameWithJoinedWord(t *testing.T) {
	for _, withJoined := range []bool{false, true} {
		ix := NewIndex()
		add := func(id, name string) {
			if err := ix.Add(id, Person, []string{name}, nil); err != nil {
				t.Fatal(err)
			}
		}
		if withJoined {
			add("maryann", "Maryann Jones")
		}
		for j := range 300 {
			add(fmt.Sprintf("a%d", j), "Ann "+joinedTestWord(j))
			add(fmt.Sprintf("m%d", j), "Mary "+joinedTestWord(j+300))
			add(fmt.Sprintf("s%d", j), joinedTestWord(j+600)+" Smith")
		}
		add("target", "Mary Ann Smith")
		hits, st := ix.SearchWithStats("Mary Ann Smith", Person, 5)
		if len(hits) == 0 || hits[0].ID != "target" {
			t.Errorf("with a Maryann indexed = %v: Search(\"Mary Ann Smith\") = %+v (stats %+v), want target first", withJoined, hits, st)
		}
	}
}
