package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"time"

	"github.com/casefile/casefile/internal/kev"
)

func init() {
	commands["kev"] = command{
		summary: "kev sync: download CISA's Known Exploited Vulnerabilities catalogue",
		run:     kevCommand,
	}
}

func kevCommand(ctx context.Context, e *env, args []string) (int, error) {
	if len(args) == 0 || args[0] != "sync" {
		return 2, fmt.Errorf("usage: casefile kev sync [--url URL]")
	}
	fs := flag.NewFlagSet("kev sync", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	url := fs.String("url", kev.URL, "catalogue URL")
	if err := fs.Parse(args[1:]); err != nil {
		return 2, nil
	}
	client := &http.Client{Timeout: 2 * time.Minute}
	cat, err := kev.Sync(ctx, client, *url, e.kev)
	if err != nil {
		return 1, err
	}
	fmt.Fprintf(e.stdout, "KEV catalogue %s (%s): %d vulnerabilities written to %s\n", cat.Version, cat.Released, len(cat.Entries), e.kev)
	return 0, nil
}
