package impartial

import (
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
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

// AuditHead is the newest entry of the trail as recorded apart from the
// entries: its sequence number and hash, updated with every append. A trail
// whose last entry is not its head was cut short (or had entries added at
// its end) by someone writing the database directly.
type AuditHead struct {
	Seq  int64  `json:"seq"`
	Hash string `json:"hash"`
}

// Checkpoint is a signed statement of the trail's head at a moment, kept by
// the operator outside the database. A chain that still holds, at Seq, the
// entry with Hash holds every entry before it unchanged (each hash covers
// the one before); one that does not was rewritten or cut short, whoever
// re-hashed it, since only the key's holder can sign a checkpoint.
type Checkpoint struct {
	Seq  int64     `json:"seq"`
	Hash string    `json:"hash"`
	At   time.Time `json:"at"`
	// Key is the signer's Ed25519 public key, base64.
	Key       string `json:"key"`
	Signature string `json:"signature"` // base64 Ed25519 signature of the message
}

// message is what a checkpoint's signature covers.
func (c *Checkpoint) message() []byte {
	return fmt.Appendf(nil, "impartial audit checkpoint\nseq %d\nhash %s\nat %s\n", c.Seq, c.Hash, c.At.UTC().Format(time.RFC3339Nano))
}

// SignCheckpoint returns a checkpoint of head at the moment, signed with key.
func SignCheckpoint(key ed25519.PrivateKey, head AuditHead, at time.Time) Checkpoint {
	c := Checkpoint{Seq: head.Seq, Hash: head.Hash, At: at.UTC()}
	c.Key = base64.StdEncoding.EncodeToString(key.Public().(ed25519.PublicKey))
	c.Signature = base64.StdEncoding.EncodeToString(ed25519.Sign(key, c.message()))
	return c
}

// VerifySignature checks the checkpoint's signature with trusted, or, when
// trusted is nil, with the key it names (which proves only that the file is
// whole, not who wrote it).
func (c *Checkpoint) VerifySignature(trusted ed25519.PublicKey) error {
	key, err := base64.StdEncoding.DecodeString(c.Key)
	if err != nil || len(key) != ed25519.PublicKeySize {
		return FieldError("checkpoint", "key", "is not a base64 Ed25519 public key")
	}
	if trusted != nil && !trusted.Equal(ed25519.PublicKey(key)) {
		return &Error{Kind: Invalid, Record: "checkpoint", Field: "key", Msg: "was not made with the trusted key"}
	}
	sig, err := base64.StdEncoding.DecodeString(c.Signature)
	if err != nil || len(sig) != ed25519.SignatureSize {
		return FieldError("checkpoint", "signature", "is not a base64 Ed25519 signature")
	}
	if !ed25519.Verify(ed25519.PublicKey(key), c.message(), sig) {
		return &Error{Kind: Invalid, Record: "checkpoint", Field: "signature",
			Msg: fmt.Sprintf("does not match its content (sequence %d, hash %.12s…): the file was altered", c.Seq, c.Hash)}
	}
	return nil
}
