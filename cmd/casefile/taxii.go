package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/casefile/casefile/internal/export/stix"
	"github.com/casefile/casefile/internal/taxii"
)

func init() {
	commands["taxii"] = command{
		summary: "serve the incidents as a read-only TAXII 2.1 collection (STIX 2.1) under /taxii2/",
		run:     func(ctx context.Context, e *env, args []string) (int, error) { return e.taxii(ctx, args) },
	}
}

const taxiiUsage = `usage: casefile taxii [--addr HOST:PORT] [--tlp LEVEL]

Serves the store as a read-only TAXII 2.1 server: discovery at /taxii2/,
API root /taxii2/casefile/, one collection of the STIX 2.1 objects that
'casefile export --format stix' writes. Every request reads the store as
it is then, so ingests show up without a restart.
`

func (e *env) taxii(ctx context.Context, args []string) (int, error) {
	flags := flag.NewFlagSet("taxii", flag.ContinueOnError)
	flags.SetOutput(e.stderr)
	addr := flags.String("addr", "127.0.0.1:8089", "address to listen on")
	tlp := flags.String("tlp", "clear", "TLP 2.0 marking of every object ("+strings.Join(stix.TLPLevels(), ", ")+")")
	flags.Usage = func() { fmt.Fprint(e.stderr, taxiiUsage); flags.PrintDefaults() }
	if err := flags.Parse(args); err != nil {
		return 2, nil
	}
	if flags.NArg() != 0 {
		flags.Usage()
		return 2, errors.New("taxii takes no arguments")
	}
	st, err := e.open(ctx)
	if err != nil {
		return 1, err
	}
	defer st.Close()
	h, err := taxii.New(st.Load, taxii.Options{STIX: stix.Options{TLP: *tlp}, Log: e.log})
	if err != nil {
		return 2, err
	}
	mux := http.NewServeMux()
	mux.Handle("/taxii2/", h)
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return 1, fmt.Errorf("taxii: %w", err)
	}
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute}
	fmt.Fprintf(e.stdout, "TAXII 2.1 server at http://%s/taxii2/ (collection %s)\n", ln.Addr(), taxii.CollectionID)
	if err := serveUntilDone(ctx, srv, ln, 5*time.Second); err != nil {
		return 1, fmt.Errorf("taxii: %w", err)
	}
	return 0, nil
}
