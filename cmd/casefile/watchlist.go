package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strconv"
	"strings"
)

func init() {
	commands["watchlist"] = command{
		summary: "names to watch (provider, product, victim) and the webhook to POST when an incident names them",
		run:     func(ctx context.Context, e *env, args []string) (int, error) { return e.watchlist(ctx, args) },
	}
}

const watchlistUsage = `usage: casefile watchlist add NAME --webhook URL | list | remove ID

'casefile serve' POSTs a JSON notification to the webhook whenever an
incident that names NAME (as a victim, provider, supplier, product or
vendor; case and accents ignored, whole words) is created or changed.
`

func (e *env) watchlist(ctx context.Context, args []string) (int, error) {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, watchlistUsage)
		return 2, nil
	}
	st, err := e.open(ctx)
	if err != nil {
		return 1, err
	}
	defer st.Close()
	switch args[0] {
	case "add":
		flags := flag.NewFlagSet("watchlist add", flag.ContinueOnError)
		flags.SetOutput(e.stderr)
		hook := flags.String("webhook", "", "http(s) URL to POST notifications to")
		// Flags may come before or after the name.
		var name []string
		rest := args[1:]
		for len(rest) > 0 {
			if err := flags.Parse(rest); err != nil {
				return 2, nil
			}
			rest = flags.Args()
			if len(rest) > 0 {
				name = append(name, rest[0])
				rest = rest[1:]
			}
		}
		if len(name) == 0 || *hook == "" {
			fmt.Fprint(e.stderr, watchlistUsage)
			return 2, errors.New("watchlist add: give a NAME and --webhook URL")
		}
		w, err := st.AddWatch(ctx, strings.Join(name, " "), *hook)
		if err != nil {
			return 1, fmt.Errorf("watchlist add: %w", err)
		}
		fmt.Fprintf(e.stdout, "%d\t%s\t%s\n", w.ID, w.Name, w.Webhook)
		return 0, nil
	case "list":
		ws, err := st.Watches(ctx)
		if err != nil {
			return 1, err
		}
		for _, w := range ws {
			fmt.Fprintf(e.stdout, "%d\t%s\t%s\ttold through %s\n", w.ID, w.Name, w.Webhook, w.NotifiedThrough.Format("2006-01-02 15:04:05"))
		}
		return 0, nil
	case "remove":
		if len(args) != 2 {
			break
		}
		id, err := strconv.ParseInt(args[1], 10, 64)
		if err != nil {
			return 2, fmt.Errorf("watchlist remove: %q is not a watch id (see casefile watchlist list)", args[1])
		}
		if err := st.RemoveWatch(ctx, id); err != nil {
			return 1, fmt.Errorf("watchlist remove: %w", err)
		}
		return 0, nil
	}
	fmt.Fprint(e.stderr, watchlistUsage)
	return 2, errors.New("watchlist: unknown subcommand or wrong arguments")
}
