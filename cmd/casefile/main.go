// Command casefile turns news about cyber incidents, in any language,
// copied, translated and scraped, into one sourced record per incident.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	code, err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "casefile:", err)
	}
	os.Exit(code)
}
