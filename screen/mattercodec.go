package screen

import (
	"encoding/binary"
	"unsafe"

	"github.com/impartial/impartial"
)

// The graph keeps each matter encoded in bytes (appendMatter) rather than
// as an *impartial.Matter, and decodes it when a screen asks for it
// (decodeMatter). A decoded matter is a dozen strings and slices, each a
// pointer: at a million entities the 100,000-odd matters were 2.3 million
// heap objects and 110 MB of pointers, nearly all of what the collector
// had to mark in a server's working set (a full mark took 50–80 ms, and
// wall checks queued behind it). Encoded, they are bytes in a textArena,
// which the collector does not scan. A screen decodes its matter once
// (2–4 µs for twenty parties); what loops over many matters (the open
// ones, those with participants) reads the fields matterRec keeps beside
// the bytes, without decoding.
//
// The format is private to the process and never stored: uvarint lengths,
// dates packed as packDate packs them, and every slice and pointer with
// its nil-ness (0 for nil, 1+n for n elements), so that a decoded matter
// is deep-equal to the one put (TestMatterCodecRoundTrip fills every field
// by reflection, so a field added to impartial.Matter and not encoded
// fails it).

func appendUvarint(b []byte, v uint64) []byte { return binary.AppendUvarint(b, v) }

func appendStr(b []byte, s string) []byte {
	b = appendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// appendLen writes the length of a slice, 0 for a nil one.
func appendLen(b []byte, n int, isNil bool) []byte {
	if isNil {
		return appendUvarint(b, 0)
	}
	return appendUvarint(b, uint64(n)+1)
}

func appendBool(b []byte, v bool) []byte {
	if v {
		return append(b, 1)
	}
	return append(b, 0)
}

func appendDate(b []byte, d impartial.Date) []byte { return appendUvarint(b, uint64(packDate(d))) }

func appendStrs(b []byte, ss []string) []byte {
	b = appendLen(b, len(ss), ss == nil)
	for _, s := range ss {
		b = appendStr(b, s)
	}
	return b
}

// appendMatter appends m's encoding to b.
func appendMatter(b []byte, m *impartial.Matter) []byte {
	b = appendStr(b, m.ID)
	b = appendStr(b, m.Title)
	b = appendStr(b, string(m.Kind))
	b = appendDate(b, m.Opened)
	b = appendDate(b, m.Closed)
	b = appendBool(b, m.Confidential)
	b = appendStrs(b, m.Topics)
	b = appendLen(b, len(m.Parties), m.Parties == nil)
	for _, p := range m.Parties {
		b = appendStr(b, p.Entity)
		b = appendStr(b, p.Name)
		b = appendStr(b, string(p.Role))
		b = appendBool(b, p.Evidence != nil)
		if ev := p.Evidence; ev != nil {
			b = appendDate(b, ev.BirthDate)
			b = appendStr(b, ev.NativeName)
			b = appendStr(b, ev.Nationality)
			b = appendLen(b, len(ev.Identifiers), ev.Identifiers == nil)
			for _, id := range ev.Identifiers {
				b = appendStr(b, id.Scheme)
				b = appendStr(b, id.Value)
			}
		}
	}
	b = appendStrs(b, m.Team)
	b = appendStr(b, m.Forum)
	b = appendLen(b, len(m.Related), m.Related == nil)
	for _, l := range m.Related {
		b = appendStr(b, l.Matter)
		b = appendStr(b, string(l.Relation))
		b = appendStr(b, l.Source)
	}
	b = appendLen(b, len(m.Participants), m.Participants == nil)
	for _, p := range m.Participants {
		b = appendStr(b, p.Person)
		b = appendStr(b, string(p.Capacity))
		b = appendBool(b, p.Substantial)
		b = appendStr(b, p.OnBehalfOf)
		b = appendDate(b, p.Start)
		b = appendDate(b, p.End)
		b = appendStr(b, string(p.Status))
		b = appendStr(b, p.Source)
	}
	b = appendStr(b, m.Source)
	return appendStr(b, m.Note)
}

// matterReader decodes what appendMatter wrote. Its strings point into the
// bytes, which a textArena never writes again once stored.
type matterReader struct {
	b []byte
	i int
}

func (r *matterReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b[r.i:])
	if n <= 0 {
		panic("screen: corrupt matter encoding")
	}
	r.i += n
	return v
}

func (r *matterReader) str() string {
	n := int(r.uvarint())
	if n == 0 {
		return ""
	}
	s := unsafe.String(&r.b[r.i], n)
	r.i += n
	return s
}

// len returns the length of a slice and whether it was nil.
func (r *matterReader) len() (int, bool) {
	n := r.uvarint()
	if n == 0 {
		return 0, true
	}
	return int(n - 1), false
}

func (r *matterReader) bool() bool {
	v := r.b[r.i] != 0
	r.i++
	return v
}

func (r *matterReader) date() impartial.Date { return unpackDate(uint32(r.uvarint())) }

func (r *matterReader) strs() []string {
	n, isNil := r.len()
	if isNil {
		return nil
	}
	ss := make([]string, n)
	for i := range ss {
		ss[i] = r.str()
	}
	return ss
}

// decodeMatter returns the matter appendMatter encoded in b.
func decodeMatter(b []byte) *impartial.Matter {
	r := &matterReader{b: b}
	m := &impartial.Matter{}
	m.ID = r.str()
	m.Title = r.str()
	m.Kind = impartial.MatterKind(r.str())
	m.Opened = r.date()
	m.Closed = r.date()
	m.Confidential = r.bool()
	m.Topics = r.strs()
	if n, isNil := r.len(); !isNil {
		m.Parties = make([]impartial.MatterParty, n)
		for i := range m.Parties {
			p := &m.Parties[i]
			p.Entity = r.str()
			p.Name = r.str()
			p.Role = impartial.PartyRole(r.str())
			if r.bool() {
				ev := &impartial.PartyEvidence{}
				ev.BirthDate = r.date()
				ev.NativeName = r.str()
				ev.Nationality = r.str()
				if n, isNil := r.len(); !isNil {
					ev.Identifiers = make([]impartial.Identifier, n)
					for j := range ev.Identifiers {
						ev.Identifiers[j] = impartial.Identifier{Scheme: r.str(), Value: r.str()}
					}
				}
				p.Evidence = ev
			}
		}
	}
	m.Team = r.strs()
	m.Forum = r.str()
	if n, isNil := r.len(); !isNil {
		m.Related = make([]impartial.MatterLink, n)
		for i := range m.Related {
			m.Related[i] = impartial.MatterLink{Matter: r.str(), Relation: impartial.MatterRelation(r.str()), Source: r.str()}
		}
	}
	if n, isNil := r.len(); !isNil {
		m.Participants = make([]impartial.Participant, n)
		for i := range m.Participants {
			p := &m.Participants[i]
			p.Person = r.str()
			p.Capacity = impartial.ParticipationCapacity(r.str())
			p.Substantial = r.bool()
			p.OnBehalfOf = r.str()
			p.Start = r.date()
			p.End = r.date()
			p.Status = impartial.Status(r.str())
			p.Source = r.str()
		}
	}
	m.Source = r.str()
	m.Note = r.str()
	r.end()
	return m
}

// end panics unless every byte was read.
func (r *matterReader) end() {
	if r.i != len(r.b) {
		panic("screen: corrupt matter encoding")
	}
}

// Contacts are kept encoded for the same reason as matters (20,000
// decoded contacts at a million entities were 180,000 heap objects); what
// walks read of a contact is on its edges, and the record is decoded only
// to explain a finding's step.

// appendContact appends c's encoding to b.
func appendContact(b []byte, c *impartial.Contact) []byte {
	b = appendStr(b, c.ID)
	b = appendStrs(b, c.Participants)
	b = appendDate(b, c.Date)
	b = appendStr(b, c.Place)
	b = appendStr(b, c.Context)
	b = appendStr(b, string(c.Capacity))
	b = appendStr(b, c.CapacityDetail)
	b = appendStr(b, c.ReportedBy)
	b = appendDate(b, c.ReportedOn)
	b = appendStr(b, string(c.Status))
	b = appendStr(b, c.StatusDetail)
	b = appendStr(b, c.Source)
	return appendStr(b, c.Note)
}

// decodeContact returns the contact appendContact encoded in b.
func decodeContact(b []byte) *impartial.Contact {
	r := &matterReader{b: b}
	c := &impartial.Contact{}
	c.ID = r.str()
	c.Participants = r.strs()
	c.Date = r.date()
	c.Place = r.str()
	c.Context = r.str()
	c.Capacity = impartial.Capacity(r.str())
	c.CapacityDetail = r.str()
	c.ReportedBy = r.str()
	c.ReportedOn = r.date()
	c.Status = impartial.Status(r.str())
	c.StatusDetail = r.str()
	c.Source = r.str()
	c.Note = r.str()
	r.end()
	return c
}
