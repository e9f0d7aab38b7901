package names

// Ethiopic (Ge'ez script: Amharic, Tigrinya, Tigre) to Latin.
//
// The script is an abugida laid out regularly in Unicode: each consonant
// has a row of eight code points, the seven vowel orders (ä, u, i, a, e,
// ə or none, o) and a labialised form (ʷa). The consonant values are those
// of the ALA-LC romanisation table for Amharic (Library of Congress, 2011)
// without diacritics (ḥ, ḫ → h; ś, ṣ, ṡ → s/ts; č, č̣ → ch; ṭ → t; ñ → ny;
// ž → zh; ǧ → j). The vowels follow the spelling of Ethiopian names in
// English-language lists rather than the scholarly ä/ə: the first order is
// e (Abebe, Meles, Tesfaye), or a after the gutturals (Haile, Ahmed) and in
// the alternative romanisation (Addis Ababa); the sixth order is no vowel
// except where Amharic speaks one between consonants (ግርማ Girma, መስፍን
// Mesfin, ብርሃኑ Birhanu).

// ethiopicRows gives the consonant of each row of eight code points from
// U+1200, or "-" for the rows of labialised consonants (their orders are
// we, -, wi, wa, we, w), "'" for the vowel carriers አ and ዐ.
var ethiopicRows = [...]string{
	0x00: "h", 0x01: "l", 0x02: "h", 0x03: "m", 0x04: "s", 0x05: "r", 0x06: "s", 0x07: "sh",
	0x08: "q", 0x09: "qw-", 0x0a: "q", 0x0b: "qw-", 0x0c: "b", 0x0d: "v", 0x0e: "t", 0x0f: "ch",
	0x10: "h", 0x11: "hw-", 0x12: "n", 0x13: "ny", 0x14: "'", 0x15: "k", 0x16: "kw-", 0x17: "kh",
	0x18: "khw-", 0x19: "w", 0x1a: "'", 0x1b: "z", 0x1c: "zh", 0x1d: "y", 0x1e: "d", 0x1f: "d",
	0x20: "j", 0x21: "g", 0x22: "gw-", 0x23: "g", 0x24: "t", 0x25: "ch", 0x26: "p", 0x27: "ts",
	0x28: "ts", 0x29: "f", 0x2a: "p",
}

// ethiopicGuttural marks the rows whose first order is written a in
// names (ሀ ሐ ኀ አ ዐ: Haile, Ahmed, Abiy).
var ethiopicGuttural = [len(ethiopicRows)]bool{0x00: true, 0x02: true, 0x10: true, 0x14: true, 0x1a: true}

// ethiopicOrders are the vowels of the seven orders and the labialised
// eighth (ä written e; the sixth order empty, see translitEthiopic).
var ethiopicOrders = [8]string{"e", "u", "i", "a", "e", "", "o", "wa"}

// ethiopicSyllable splits a rune of the Ethiopic block into its consonant
// and its order (0–7); ok is false for punctuation, digits and letters of
// the supplements.
func ethiopicSyllable(r rune) (cons string, row, order int, ok bool) {
	if r < 0x1200 || r >= 0x1200+rune(len(ethiopicRows))*8 {
		return "", 0, 0, false
	}
	row, order = int(r-0x1200)/8, int(r-0x1200)%8
	cons = ethiopicRows[row]
	return cons, row, order, cons != ""
}

// translitEthiopic romanises an Ethiopic word. With alt the first order is
// a everywhere, the other common spelling.
func translitEthiopic(w []rune, sb *byteBuf, alt bool) {
	vowelBefore := false // the output so far ends in a vowel
	for i, r := range w {
		cons, row, order, ok := ethiopicSyllable(r)
		if !ok {
			continue // word-space ፡, digits: not letters of a name
		}
		if cons == "'" {
			// the vowel carriers: the vowel alone (the sixth order እ, ዕ is
			// the e of Eskinder, Endalkachew)
			v := [8]string{"a", "u", "i", "a", "e", "e", "o", "wa"}[order]
			sb.WriteString(v)
			vowelBefore = true
			continue
		}
		if cons[len(cons)-1] == '-' { // a labialised consonant (ቈ, ኰ, ጐ)
			sb.WriteString(cons[:len(cons)-1])
			switch order {
			case 2:
				sb.WriteString("i")
			case 3:
				sb.WriteString("a")
			case 5:
			default:
				sb.WriteString("e")
			}
			vowelBefore = order != 5
			continue
		}
		sb.WriteString(cons)
		v := ethiopicOrders[order]
		switch {
		case order == 0 && (alt || ethiopicGuttural[row]):
			v = "a"
		case order == 5 && i+1 < len(w) && !vowelBefore:
			// a sixth-order letter after another vowelless one (or at
			// the start) before a further letter carries the spoken ə,
			// written i
			if _, _, _, next := ethiopicSyllable(w[i+1]); next {
				v = "i"
			}
		}
		sb.WriteString(v)
		vowelBefore = v != ""
	}
}
