package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/casefile/casefile/internal/graph"
)

func init() {
	commands["exposure"] = command{
		summary: "list every victim linked to a provider, supplier, product or vendor (blast radius)",
		run:     exposure,
	}
	commands["suppliers"] = command{
		summary: "list providers, suppliers, products and vendors with their incidents and victims",
		run:     suppliers,
	}
}

func exposure(ctx context.Context, e *env, args []string) (int, error) {
	if len(args) == 0 {
		return 2, errors.New("exposure: give a provider, supplier, product or vendor name")
	}
	name := strings.Join(args, " ")
	snap, err := e.load(ctx)
	if err != nil {
		return 1, err
	}
	links := graph.Exposure(snap.Incidents, name)
	if len(links) == 0 {
		fmt.Fprintf(e.stdout, "no victim is linked to %q\n", name)
		return 0, nil
	}
	cur := ""
	for _, l := range links {
		if head := l.Incident + l.Via; head != cur {
			cur = head
			fmt.Fprintf(e.stdout, "%s (%s) in incident %s — %s\n", l.Via, l.Role, l.Incident, l.Title)
			for _, ev := range l.ViaEvidence {
				fmt.Fprintf(e.stdout, "    [%s %d-%d] %s\n", ev.Doc, ev.Start, ev.End, clip(ev.Text, 160))
			}
		}
		fmt.Fprintf(e.stdout, "  victim: %s\n", l.Victim)
		for _, ev := range l.VictimEvidence {
			fmt.Fprintf(e.stdout, "    [%s %d-%d] %s\n", ev.Doc, ev.Start, ev.End, clip(ev.Text, 160))
		}
	}
	return 0, nil
}

func suppliers(ctx context.Context, e *env, args []string) (int, error) {
	if len(args) != 0 {
		return 2, errors.New("suppliers takes no arguments")
	}
	snap, err := e.load(ctx)
	if err != nil {
		return 1, err
	}
	for _, n := range graph.Suppliers(snap.Incidents) {
		fmt.Fprintf(e.stdout, "%s (%s): %d incidents, victims: %s\n", n.Name, n.Role, len(n.Incidents), orDash(strings.Join(n.Victims, "; ")))
	}
	return 0, nil
}
