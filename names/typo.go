package names

// Typing slips.
//
// Names keyed in by hand are garbled in a few characteristic ways: a key
// next to the intended one is struck (r for f: Laufn for Lauren), a letter
// is doubled or a double one typed once, two neighbours are swapped, a
// letter is dropped, including the first. The plain typo rule (a
// length-dependent number of edits, each counted as one) misses two such
// slips in a short word, which is what record-linkage data shows most
// (Stubbs/Stubx, Rees/Rewe). keyboardDistance therefore counts a slip of
// these kinds as half an edit, so that a word of five or six letters may
// carry one ordinary edit and one slip, and a word of four two slips. The
// first letter of a word under five letters stays fixed, as for the plain
// typo rule: Hill and Gill are neighbouring keys and two surnames.
// Evidence that the two words are different names
// wins over the slip: two given names of the tables are never a typo of
// one another, whatever their distance (Addison/Allison, Marie/Mario).

// qwertyRows is the letter layout of the keyboard most name data is typed
// on.
var qwertyRows = [3]string{"qwertyuiop", "asdfghjkl", "zxcvbnm"}

// keyNeighbours[a][b] reports that letters a and b are adjacent keys: on
// one row side by side, or on neighbouring rows, where a key touches the
// two keys below it that are offset to the left (r touches d and f).
var keyNeighbours = func() (m [26][26]bool) {
	link := func(a, b byte) {
		m[a-'a'][b-'a'], m[b-'a'][a-'a'] = true, true
	}
	for r, row := range qwertyRows {
		for c := 0; c < len(row); c++ {
			if c+1 < len(row) {
				link(row[c], row[c+1])
			}
			if r+1 < len(qwertyRows) {
				below := qwertyRows[r+1]
				for _, k := range [2]int{c - 1, c} {
					if k >= 0 && k < len(below) {
						link(row[c], below[k])
					}
				}
			}
		}
	}
	return m
}()

// adjacentKeys reports whether two lower-case ASCII letters are
// neighbouring keys.
func adjacentKeys(a, b byte) bool {
	return a >= 'a' && a <= 'z' && b >= 'a' && b <= 'z' && keyNeighbours[a-'a'][b-'a']
}

// keyboardDistance is the edit distance between a and b in half edits: a
// substitution by a neighbouring key, the insertion or deletion of a letter
// beside its double and the swap of two neighbours cost 1, any other
// insertion, deletion or substitution 2. Distances above limit are
// reported as limit+1. Words of more than 31 bytes are not compared.
func keyboardDistance(a, b string, limit int) int {
	la, lb := len(a), len(b)
	if la > 31 || lb > 31 || 2*abs(la-lb) > 2*limit {
		return limit + 1
	}
	// three rolling rows (the swap looks two rows back)
	var rows [3][32]int
	prev2, prev, cur := &rows[0], &rows[1], &rows[2]
	for j := 0; j <= lb; j++ {
		prev[j] = 2 * j
	}
	for i := 1; i <= la; i++ {
		cur[0] = 2 * i
		rowMin := cur[0]
		ca := a[i-1]
		del := 2 // a[i-1] dropped from b
		if i > 1 && a[i-2] == ca || i < la && a[i] == ca {
			del = 1
		}
		for j := 1; j <= lb; j++ {
			cb := b[j-1]
			sub := 0
			if ca != cb {
				sub = 2
				if adjacentKeys(ca, cb) {
					sub = 1
				}
			}
			ins := 2 // b[j-1] added
			if j > 1 && b[j-2] == cb || j < lb && b[j] == cb {
				ins = 1
			}
			v := min(prev[j-1]+sub, prev[j]+del, cur[j-1]+ins)
			if i > 1 && j > 1 && ca == b[j-2] && a[i-2] == cb && ca != cb {
				v = min(v, prev2[j-2]+1)
			}
			cur[j] = v
			rowMin = min(rowMin, v)
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return min(prev[lb], limit+1)
}

// slipBudget is the keyboardDistance (in half edits) tolerated between two
// words whose shorter has n letters: a slip (or one edit) in three or four
// letters, an edit and a slip in five or six, two edits beyond.
func slipBudget(n int) int {
	switch {
	case n <= 2:
		return 0
	case n <= 4:
		return 2
	case n <= 6:
		return 3
	}
	return 4
}

// keyboardTypo reports whether two words of a person's name are one
// another garbled by typing slips, with the similarity and the number of
// edits (a slip counted as one) for the explanation. It is consulted only
// when the ordinary typo rule has failed.
func keyboardTypo(tx, ty *Token) (float64, int, bool) {
	x, y := tx.Text, ty.Text
	minLen := min(len(x), len(y))
	if minLen < 3 || knownGivenName(tx.groups) && knownGivenName(ty.groups) {
		return 0, 0, false
	}
	if x[0] != y[0] {
		// the first letter is where the eye checks a name: never in a
		// short word, where another first letter makes another name
		// (Hill/Gill, Kane/Lane are neighbouring keys), and in a longer
		// one only a neighbouring key struck for it, or the letter dropped
		if minLen < 5 {
			return 0, 0, false
		}
		slip := adjacentKeys(x[0], y[0]) && x[1:] == y[1:]
		dropped := x[1:] == y || y[1:] == x
		if !slip && !dropped {
			return 0, 0, false
		}
	}
	budget := slipBudget(minLen)
	d := keyboardDistance(x, y, budget)
	if d > budget || d == 0 {
		return 0, 0, false
	}
	sim := 0.9 - 0.3*float64(d)/float64(minLen) // half edits: 0.6 per edit
	return max(sim, 0.6), (d + 1) / 2, true
}
