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
//     possessives, look-alike digits) and transliterates Cyrillic, Greek,
//     Armenian, Georgian, Arabic/Persian, Hebrew and Japanese kana to Latin
//     (Normalize, FreeTextTokens);
//   - parses them (Parse): titles and honorifics are removed and recorded,
//     "SURNAME, Given" is reordered, initials, particles, legal forms,
//     numbers and country qualifiers are recognised;
//   - compares them (Compare, CompareNames, CompareEntities) word by word with
//     exact, transliteration-variant, nickname, initial, acronym, joined-word
//     and length-dependent typo matches, under distinct rules for persons
//     and organisations, into a score in [0,1] with MatchThreshold as the
//     boundary and an explanation (Result.Explain) an analyst can read;
//   - lets identifiers of a common scheme decide before names are looked at,
//     and sends persons matched by name only to review;
//   - indexes millions of entities for retrieval by word keys (Index), so that
//     a query is compared in full only with a few candidates.
//
// The package does no I/O and keeps no mutable global state: its tables are
// built at initialisation and only read afterwards.
package names
