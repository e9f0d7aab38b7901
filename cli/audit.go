package cli

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"os"
	"time"

	"github.com/impartial/impartial"
)

const auditAbout = `The audit trail: who did or read what, when.

  list                 the entries, oldest first
  verify               recompute the hash chain and check that it ends at the head recorded apart from it:
                       proves that no entry was edited, removed, inserted or cut off the end by anyone who
                       did not also rewrite the head; it cannot tell a chain rewritten whole, hashes and head
                       included, by someone who can write the database
  checkpoint --key K   verify, then write the head (sequence number and hash) signed with the operator's
                       Ed25519 key K, to keep outside the database (--out FILE, default standard output)
  verify --checkpoint FILE...
                       also prove that the chain still holds, unchanged, every entry up to each checkpoint
                       and extends it: a rewritten or truncated chain fails, whoever re-hashed it, as long as
                       the key stayed secret; entries after the newest checkpoint are proved only as plain
                       verify proves them. --public-key PUB checks that the checkpoints were signed by PUB
  keygen --out K       create an Ed25519 key (PKCS #8 PEM, mode 0600; 'openssl genpkey -algorithm ed25519'
                       makes the same) and print its public key

A trail that does not verify exits with status 1 and names the first entry or checkpoint that failed.`

func runAudit(ctx context.Context, e *env, args []string) error {
	fs := e.flags("audit", "list [--after N] [--json] | verify [--checkpoint FILE]... [--public-key PUB] | checkpoint --key KEY [--out FILE] | keygen --out KEY", auditAbout)
	as := fs.String("as", "auditor:cli", "who is reading, as ROLE:ID")
	after := fs.Int64("after", 0, "with list: entries after this sequence number")
	asJSON := fs.Bool("json", false, "print JSON for programs")
	var checkpoints list
	fs.Var(&checkpoints, "checkpoint", "with verify: a checkpoint file the trail must still contain (repeatable)")
	pubFile := fs.String("public-key", "", "with verify: the public key (PEM) the checkpoints must be signed with")
	keyFile := fs.String("key", "", "with checkpoint: the Ed25519 private key (PKCS #8 PEM) to sign with")
	out := fs.String("out", "-", "with checkpoint: the file to write; with keygen: the private key file to create")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usageError{"say list, verify, checkpoint or keygen"}
	}
	if pos[0] == "keygen" {
		return auditKeygen(e, *out)
	}
	actor, svc, done, err := e.open(ctx, *as)
	if err != nil {
		return err
	}
	defer done()
	switch pos[0] {
	case "verify":
		var trusted ed25519.PublicKey
		if *pubFile != "" {
			if trusted, err = readPublicKey(*pubFile); err != nil {
				return err
			}
		}
		var cps []impartial.Checkpoint
		for _, f := range checkpoints {
			c, err := readCheckpoint(f)
			if err == nil {
				err = c.VerifySignature(trusted)
			}
			if err != nil {
				return fmt.Errorf("checkpoint %s: %w", f, err)
			}
			cps = append(cps, c)
		}
		check, err := svc.VerifyAudit(ctx, cps...)
		if err != nil {
			return err
		}
		fmt.Fprintf(e.stdout, "audit trail verified: %d entries, every hash and link intact, ending at its recorded head (entry %d)\n",
			check.Entries, check.Head.Seq)
		for i, c := range check.Checkpoints {
			signer := "signed by the key it names (give --public-key to check whose it is)"
			if trusted != nil {
				signer = "signed by the trusted key"
			}
			fmt.Fprintf(e.stdout, "checkpoint %s (entry %d, %s): contained and extended; %s\n", checkpoints[i], c.Seq, c.At.Format(time.RFC3339), signer)
		}
		return nil
	case "checkpoint":
		if *keyFile == "" {
			return usageError{"checkpoint needs --key, the operator's Ed25519 private key file"}
		}
		key, err := readPrivateKey(*keyFile)
		if err != nil {
			return err
		}
		c, err := svc.Checkpoint(ctx, actor, key)
		if err != nil {
			return err
		}
		b, _ := json.MarshalIndent(c, "", "  ")
		b = append(b, '\n')
		if *out == "-" {
			_, err = e.stdout.Write(b)
			return err
		}
		if err := os.WriteFile(*out, b, 0o644); err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "checkpoint of entry %d written to %s; keep it outside the database\n", c.Seq, *out)
		return nil
	case "list":
		events, err := svc.AuditTrail(ctx, actor, *after, 1000)
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(e.stdout, events)
		}
		for _, ev := range events {
			fmt.Fprintf(e.stdout, "%d %s %s %s %s %s\n", ev.Seq, ev.At.Format("2006-01-02T15:04:05Z"), ev.Actor, ev.Action, ev.Record, ev.Detail)
		}
		return nil
	}
	return usageError{fmt.Sprintf("%q: say list, verify, checkpoint or keygen", pos[0])}
}

func auditKeygen(e *env, out string) error {
	if out == "-" || out == "" {
		return usageError{"keygen needs --out FILE for the private key"}
	}
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if err := pem.Encode(f, &pem.Block{Type: "PRIVATE KEY", Bytes: der}); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	pder, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		return err
	}
	return pem.Encode(e.stdout, &pem.Block{Type: "PUBLIC KEY", Bytes: pder})
}

func readPEM(file, want string) ([]byte, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	blk, _ := pem.Decode(b)
	if blk == nil || blk.Type != want {
		return nil, fmt.Errorf("%s: not a PEM %q block", file, want)
	}
	return blk.Bytes, nil
}

func readPrivateKey(file string) (ed25519.PrivateKey, error) {
	der, err := readPEM(file, "PRIVATE KEY")
	if err != nil {
		return nil, err
	}
	k, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	key, ok := k.(ed25519.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("%s: a %T, not an Ed25519 key", file, k)
	}
	return key, nil
}

func readPublicKey(file string) (ed25519.PublicKey, error) {
	der, err := readPEM(file, "PUBLIC KEY")
	if err != nil {
		return nil, err
	}
	k, err := x509.ParsePKIXPublicKey(der)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	key, ok := k.(ed25519.PublicKey)
	if !ok {
		return nil, fmt.Errorf("%s: a %T, not an Ed25519 key", file, k)
	}
	return key, nil
}

func readCheckpoint(file string) (impartial.Checkpoint, error) {
	var c impartial.Checkpoint
	b, err := os.ReadFile(file)
	if err != nil {
		return c, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return c, fmt.Errorf("not a checkpoint: %w", err)
	}
	return c, nil
}
