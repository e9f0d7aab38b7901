// Package names decides whether two names denote the same person or
// organisation, explains why, and finds the entities a name may denote
// among millions.
//
// Screening starts by recognising that a party named in a matter is an
// entity already on record; the missed recusals this project exists to
// prevent came largely from names that failed to match (a transliterated
// surname, a nickname, a subsidiary's legal form). The package therefore:
//
//   - normalises names (Unicode NFKC, case, accents, punctuation,
//     possessives, look-alike digits) and transliterates to Latin: Cyrillic
//     (with Ukrainian and Belarusian values and the common alternative
//     spellings), Greek, Armenian, Georgian, Arabic/Persian, Hebrew,
//     Japanese kana, Hangul (customary spellings and Revised
//     Romanisation) and Devanagari by the project's own tables, Han
//     (Mandarin pinyin), Thai, Khmer, Lao, Ethiopic and the other Brahmic
//     scripts through go-unidecode (Normalize, FreeTextTokens);
//   - parses them (Parse): titles and honorifics are removed and recorded,
//     "SURNAME, Given" is reordered, initials, particles, legal forms,
//     numbers and country qualifiers are recognised;
//   - compares them (Compare, CompareNames, CompareEntities) by aligning
//     the words of one name to those of the other in any order, each pair
//     scored as the best of exact, transliteration-variant, nickname or
//     cross-language equivalent (thousands of given names, generated from
//     a public table by internal/gen/nicknames), consonant-skeleton,
//     initial, acronym, joined-word and length-dependent typo matches;
//     words weigh by kind and by how common they are, and unmatched words
//     cost by kind (a missing middle name little, a conflicting surname
//     much, a surname alone is not a person), under distinct rules for
//     persons and organisations, into a score in [0,1] with MatchThreshold
//     as the boundary and an explanation (Result.Explain) an analyst can
//     read part by part;
//   - lets identifiers of a common scheme decide before names are looked at,
//     and sends persons matched by name only to review;
//   - indexes millions of entities for retrieval by word keys (Index), so that
//     a query is compared in full only with a few candidates.
//
// The package does no I/O and keeps no mutable global state: its tables are
// built at initialisation and only read afterwards.
package names
