package rules

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
)

//go:embed rulebooks/*.json
var shippedFS embed.FS

var (
	shippedOnce  sync.Once
	shippedBooks []*Rulebook
	shippedErr   error
)

// Shipped returns the rulebooks built into the binary: us-executive-doj,
// us-judiciary and aba-model-rules. They are parsed once; callers must not
// modify them.
func Shipped() ([]*Rulebook, error) {
	shippedOnce.Do(func() {
		names, err := fs.Glob(shippedFS, "rulebooks/*.json")
		if err != nil {
			shippedErr = err
			return
		}
		slices.Sort(names)
		for _, n := range names {
			data, err := shippedFS.ReadFile(n)
			if err != nil {
				shippedErr = err
				return
			}
			b, err := Parse(data)
			if err != nil {
				shippedErr = fmt.Errorf("shipped rulebook %s: %w", path.Base(n), err)
				return
			}
			shippedBooks = append(shippedBooks, b)
		}
	})
	return slices.Clone(shippedBooks), shippedErr
}

// ShippedSource returns the JSON text of a shipped rulebook by id, for
// `impartial rules show --json` and as a starting point for a local edit.
func ShippedSource(id string) ([]byte, bool) {
	data, err := shippedFS.ReadFile("rulebooks/" + id + ".json")
	return data, err == nil
}

// Default returns the set of shipped rulebooks, one per regime.
func Default() (*Set, error) {
	books, err := Shipped()
	if err != nil {
		return nil, err
	}
	return NewSet(books...), nil
}

// Resolve finds a rulebook by the name of a shipped one or the path of a
// JSON file: what `--rulebook NAME|FILE` means.
func Resolve(nameOrFile string) (*Rulebook, error) {
	books, err := Shipped()
	if err != nil {
		return nil, err
	}
	for _, b := range books {
		if b.ID == nameOrFile {
			return b, nil
		}
	}
	if strings.HasSuffix(nameOrFile, ".json") || strings.ContainsRune(nameOrFile, '/') {
		return Load(nameOrFile)
	}
	ids := make([]string, len(books))
	for i, b := range books {
		ids[i] = b.ID
	}
	return nil, fmt.Errorf("no rulebook %q: want one of %s or the path of a .json file", nameOrFile, strings.Join(ids, ", "))
}
