package names

// Phonetic skeletons: keys under which spellings that differ only by
// transliteration scheme or by common orthographic variation coincide.
//
// The rules collapse the differences between the romanisation schemes for
// Slavic, Greek, Arabic and Germanic names (BGN/PCGN vs ISO 9 vs GOST 7.79 vs
// German/French/Polish/Czech spellings): y/i/j as the same glide (Sergey,
// Sergei, Sergej; Kislyak, Kisliak; Yuri, Iouri, Juri), kh/h/ch as the
// same velar fricative, ks/x, ts/tz, w/v, ph/f, th/t, c/ck/k/q, ou/u,
// sch/sh/sz, ch/tch/tsch/cz, zh/dzh/dj, gu before e/i (Serguei), ie/i
// (Friedrich/Fridrich), doubled letters (Emmanuel, Basharr, Joonng), an
// initial x before a vowel as sh (Pinyin Xi/Shi) and a final h after a
// vowel (Fatimah), and English ee/oo as i/u (Green/Grin, Moore/Mur). They
// are a matching aid, not a spelling: a skeleton
// equality is reported as a transliteration/spelling variant.

// skeleton returns the phonetic skeleton of a normalised ASCII token.
func skeleton(t string) string {
	var buf [64]byte
	b := appendSkeleton(buf[:0], t)
	if string(b) == t {
		return t // no allocation when the word is its own skeleton
	}
	return string(b)
}

// appendSkeleton appends the phonetic skeleton of t to dst.
func appendSkeleton(dst []byte, t string) []byte {
	if t == "" {
		return dst
	}
	if t[0] >= '0' && t[0] <= '9' {
		return append(dst, t...)
	}
	// collapse doubled letters first (Joonng, Basharr, Emmanuel)
	var sbuf [64]byte
	src := sbuf[:0]
	for i := 0; i < len(t); i++ {
		if i+1 < len(t) && (t[i] == 'e' || t[i] == 'o') && t[i+1] == t[i] && (i+2 == len(t) || t[i+2] != t[i]) {
			// English ee and oo are the long i and u that other
			// spellings write as such (Green/Грин/Grin, Moore/Муре, Reem/Rim)
			if t[i] == 'e' {
				src = append(src, 'i')
			} else {
				src = append(src, 'u')
			}
			i++
			continue
		}
		if i > 0 && t[i] == t[i-1] {
			continue
		}
		src = append(src, t[i])
	}
	p0 := len(dst)
	b := dst
	n := len(src)
	at := func(i int) byte {
		if i < n {
			return src[i]
		}
		return 0
	}
	for i := 0; i < n; i++ {
		c := src[i]
		c1, c2, c3 := at(i+1), at(i+2), at(i+3)
		switch c {
		case 's':
			if c1 == 'h' && c2 == 'c' && c3 == 'h' { // shch (щ)
				b = append(b, 'S')
				i += 3
				continue
			}
			if c1 == 'c' && c2 == 'h' { // sch
				b = append(b, 'S')
				i += 2
				continue
			}
			if c1 == 'h' || c1 == 'z' { // sh, sz
				b = append(b, 'S')
				i++
				continue
			}
		case 't':
			if c1 == 's' && c2 == 'c' && c3 == 'h' { // tsch
				b = append(b, 'C')
				i += 3
				continue
			}
			if c1 == 'c' && c2 == 'h' { // tch
				b = append(b, 'C')
				i += 2
				continue
			}
			if c1 == 's' || c1 == 'z' { // ts, tz
				b = append(b, 'Z')
				i++
				continue
			}
			if c1 == 'h' {
				b = append(b, 't')
				i++
				continue
			}
		case 'c':
			if c1 == 'h' || c1 == 'z' { // ch, cz
				b = append(b, 'C')
				i++
				continue
			}
			if c1 == 'k' {
				b = append(b, 'k')
				i++
				continue
			}
			b = append(b, 'k')
			continue
		case 'd':
			if c1 == 'z' && c2 == 'h' {
				b = append(b, 'J')
				i += 2
				continue
			}
			if c1 == 'j' {
				b = append(b, 'J')
				i++
				continue
			}
		case 'z':
			if c1 == 'h' {
				b = append(b, 'J')
				i++
				continue
			}
		case 'k':
			if c1 == 'h' {
				b = append(b, 'h')
				i++
				continue
			}
		case 'g':
			if c1 == 'h' {
				b = append(b, 'g')
				i++
				continue
			}
			if c1 == 'u' && (c2 == 'e' || c2 == 'i' || c2 == 'y') {
				b = append(b, 'g')
				i++
				continue
			}
		case 'p':
			if c1 == 'h' {
				b = append(b, 'f')
				i++
				continue
			}
		case 'q':
			b = append(b, 'k')
			continue
		case 'x':
			if i == 0 && isVowel(c1) { // Pinyin/Catalan/Portuguese initial x = sh (Xi, Xavier)
				b = append(b, 'S')
				continue
			}
			b = append(b, 'k', 's')
			continue
		case 'w':
			b = append(b, 'v')
			continue
		case 'y', 'j':
			b = append(b, 'i')
			continue
		case 'o':
			if c1 == 'u' {
				b = append(b, 'u')
				i++
				continue
			}
		case 'h':
			if i == n-1 && i > 0 && isVowel(src[i-1]) {
				continue
			}
		}
		b = append(b, c)
	}
	// diminutive endings -ie/-ey/-y/-i are one sound (Jimmie/Jimmy,
	// Shelley/Shelly, Dickie/Dicky)
	sk := b[p0:]
	if n := len(sk); n >= 3 && sk[n-1] == 'e' && (sk[n-2] == 'i') {
		sk = sk[:n-1]
	} else if n >= 3 && sk[n-1] == 'i' && sk[n-2] == 'e' && !isVowel(sk[n-3]) {
		sk = append(sk[:n-2], 'i')
	}
	// second pass: "ie" → "i" (Friedrich/Fridrich, Dmitriev/Dmitriyev),
	// collapse doubles.
	out := sk[:0]
	for i := 0; i < len(sk); i++ {
		c := sk[i]
		if c == 'e' && len(out) > 0 && out[len(out)-1] == 'i' && i+1 < len(sk) {
			continue
		}
		if len(out) > 0 && out[len(out)-1] == c {
			continue
		}
		out = append(out, c)
	}
	return b[:p0+len(out)]
}

// isVowel reports a Latin vowel letter (y counts: it is mostly a vowel in
// romanised names).
func isVowel(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

// consonantKey returns the skeleton without vowels (and without v/w): the part of a name that
// abjads (Arabic, Hebrew) write, and the part that vowel-only spelling
// variation leaves intact (Qaeda/Qaida, Cristalord/Crystalord).
func consonantKey(sk string) string {
	var buf [64]byte
	b := appendConsonantKey(buf[:0], sk)
	if string(b) == sk {
		return sk
	}
	return string(b)
}

// appendConsonantKey appends the consonant key of the skeleton sk to dst.
func appendConsonantKey[S ~string | ~[]byte](dst []byte, sk S) []byte {
	p0 := len(dst)
	for i := 0; i < len(sk); i++ {
		c := sk[i]
		if isVowel(c) {
			continue
		}
		if c == 'z' { // Arabic ز and s/z spelling variation (Therese/تيريز)
			c = 's'
		}
		if c == 'v' { // w/v is a semivowel the abjads write as a vowel letter (و)
			continue
		}
		if len(dst) > p0 && dst[len(dst)-1] == c {
			continue
		}
		dst = append(dst, c)
	}
	return dst
}
