package impartial

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"
)

// AuditEvent is one entry of the audit trail: who did or read what, when.
// Each entry's Hash covers its content and the previous entry's hash, so that
// editing or deleting any entry breaks every hash after it.
type AuditEvent struct {
	Seq    int64     `json:"seq"`
	At     time.Time `json:"at"`
	Actor  Actor     `json:"actor"`
	Action string    `json:"action"` // e.g. "import", "recuse", "read matter"
	Record string    `json:"record,omitempty"`
	Detail string    `json:"detail,omitempty"`
	Prev   string    `json:"prev"` // hex SHA-256 of the previous entry; "" for the first
	Hash   string    `json:"hash"`
}

// ChainHash computes an entry's hash from its content and Prev.
func (e *AuditEvent) ChainHash() string {
	body, _ := json.Marshal(struct {
		Seq    int64  `json:"seq"`
		At     string `json:"at"`
		ID     string `json:"actor"`
		Role   Role   `json:"role"`
		Action string `json:"action"`
		Record string `json:"record"`
		Detail string `json:"detail"`
		Prev   string `json:"prev"`
	}{e.Seq, e.At.UTC().Format(time.RFC3339Nano), e.Actor.ID, e.Actor.Role, e.Action, e.Record, e.Detail, e.Prev})
	sum := sha256.Sum256(body)
	return hex.EncodeToString(sum[:])
}

// VerifyChain checks a run of consecutive entries, the first of which
// follows prev (the hash of the entry before it, "" at the start of the
// trail, with next its expected sequence number). It returns the hash of
// the last entry and the next expected sequence number, or an error that
// names the first entry that was edited, removed or inserted.
func VerifyChain(prev string, next int64, events []AuditEvent) (string, int64, error) {
	for _, e := range events {
		if e.Seq != next {
			return prev, next, fmt.Errorf("audit entry %d is missing: the trail jumps from %d to %d", next, next-1, e.Seq)
		}
		if e.Prev != prev {
			return prev, next, fmt.Errorf("audit entry %d does not follow entry %d: its link to the previous entry was changed", e.Seq, e.Seq-1)
		}
		if h := e.ChainHash(); h != e.Hash {
			return prev, next, fmt.Errorf("audit entry %d was altered after it was written: its content no longer matches its hash", e.Seq)
		}
		prev, next = e.Hash, next+1
	}
	return prev, next, nil
}
