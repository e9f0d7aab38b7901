package names

import (
	_ "embed"
	"strings"
)

// givenNamesData is the project's table of given-name equivalences
// (nicknames, diminutives, spelling variants); see the header of the file
// for the sources of its facts.
//
//go:embed data/givennames.txt
var givenNamesData string

// nickGroups maps the skeleton of a given name to the ids of the groups it
// belongs to. Keying by skeleton lets transliteration variants of a listed
// name (Aleksandr, Alexandr, Aleksander) share its groups. It is built once
// at init and never mutated afterwards.
var nickGroups = buildNickGroups(givenNamesData)

// nickCanon gives the canonical name of each group, for explanations.
var nickCanon []string

// buildNickGroups parses the given-names table.
func buildNickGroups(data string) map[string][]uint16 {
	m := make(map[string][]uint16)
	for _, line := range strings.Split(data, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		canon, rest, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		id := uint16(len(nickCanon))
		nickCanon = append(nickCanon, strings.TrimSpace(canon))
		for _, n := range append([]string{canon}, strings.Fields(rest)...) {
			n = Normalize(n)
			if n == "" {
				continue
			}
			// hyphenated names normalise to two words; key the joined form.
			n = strings.ReplaceAll(n, " ", "")
			sk := skeleton(n)
			gs := m[sk]
			dup := false
			for _, g := range gs {
				if g == id {
					dup = true
				}
			}
			if !dup {
				m[sk] = append(gs, id)
			}
		}
	}
	return m
}

// nicknameGroupShared reports whether two given-name skeletons are listed in
// a common group, and that group's canonical name.
func nicknameGroupShared(a, b []uint16) (string, bool) {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return nickCanon[x], true
			}
		}
	}
	return "", false
}
