package main

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

func init() {
	commands["token"] = command{
		summary: "create, list or revoke API tokens for POST /api/v1/articles",
		run:     func(ctx context.Context, e *env, args []string) (int, error) { return e.token(ctx, args) },
	}
}

const tokenUsage = `usage: casefile token create NAME | list | revoke NAME

create prints a new random token once; the store keeps only its SHA-256.
`

func (e *env) token(ctx context.Context, args []string) (int, error) {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, tokenUsage)
		return 2, nil
	}
	st, err := e.open(ctx)
	if err != nil {
		return 1, err
	}
	defer st.Close()
	switch {
	case args[0] == "create" && len(args) == 2:
		name := strings.TrimSpace(args[1])
		tok := newToken()
		sum := sha256.Sum256([]byte(tok))
		if err := st.AddToken(ctx, name, hex.EncodeToString(sum[:])); err != nil {
			return 1, fmt.Errorf("token create: %w", err)
		}
		fmt.Fprintln(e.stdout, tok)
		fmt.Fprintf(e.stderr, "token %q created; it is shown only now (send it as Authorization: Bearer TOKEN)\n", name)
		return 0, nil
	case args[0] == "list" && len(args) == 1:
		toks, err := st.Tokens(ctx)
		if err != nil {
			return 1, err
		}
		for _, t := range toks {
			fmt.Fprintf(e.stdout, "%s\tcreated %s\n", t.Name, t.Created.Format("2006-01-02 15:04"))
		}
		return 0, nil
	case args[0] == "revoke" && len(args) == 2:
		if err := st.RemoveToken(ctx, args[1]); err != nil {
			return 1, fmt.Errorf("token revoke: %w", err)
		}
		return 0, nil
	}
	fmt.Fprint(e.stderr, tokenUsage)
	return 2, errors.New("token: unknown subcommand or wrong arguments")
}

// newToken is 32 random bytes, hex: 256 bits from the system's CSPRNG.
func newToken() string {
	b := make([]byte, 32)
	rand.Read(b) // never returns an error (crypto/rand since Go 1.24)
	return "cf_" + hex.EncodeToString(b)
}
