package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/casefile/casefile/internal/analyze"
	"github.com/casefile/casefile/internal/eval"
	"github.com/casefile/casefile/internal/extract"
	"github.com/casefile/casefile/internal/incident"
	"github.com/casefile/casefile/internal/model"
)

func init() {
	evalCommands["extraction"] = command{
		summary: "score victims, CVE ids and event types on CASIE-format JSON Lines",
		run:     evalExtraction,
	}
}

// evalExtraction runs each article through extract → analyze → incident
// as a story of its own and scores it against the CASIE annotations.
func evalExtraction(ctx context.Context, e *env, args []string) (int, error) {
	fs := flag.NewFlagSet("eval extraction", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	errors := fs.Int("errors", 0, "print up to N articles with victim errors and N with CVE errors")
	if err := fs.Parse(args); err != nil {
		return 2, nil
	}
	if fs.NArg() != 1 {
		return 2, fmt.Errorf("eval extraction: give one CASIE JSON Lines file (e.g. ../shared/data/casie-dev.jsonl)")
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return 1, fmt.Errorf("eval extraction: %w", err)
	}
	defer f.Close()
	arts, err := eval.ReadCASIE(f, fs.Arg(0))
	if err != nil {
		return 1, fmt.Errorf("eval extraction: %w", err)
	}
	var victims, byName, cves eval.Counts
	types := map[string]*eval.Counts{}
	for _, t := range eval.EventTypes {
		types[t] = &eval.Counts{}
	}
	shown, cveShown := 0, 0
	start := time.Now()
	for _, a := range arts {
		if err := ctx.Err(); err != nil {
			return 1, err
		}
		raw := model.Raw{ID: a.ID, Source: "eval", Title: a.Title, Body: []byte(a.Text), Lang: "en", Published: a.Published()}
		doc := analyze.Analyze(extract.Clean(raw, nil))
		inc := incident.Extract("s-"+a.ID, []model.Doc{doc}, incident.Options{})
		// A victim is one organisation under its name and the aliases
		// the text gives it ("US Postal Service", "USPS"); the name-only
		// score is printed too.
		var pv []string
		var pe [][]string
		for _, v := range inc.Victims {
			pv = append(pv, v.Name)
			pe = append(pe, append([]string{v.Name}, v.Aliases...))
		}
		c := eval.MatchEntities(a.GoldVictims(), pe)
		victims.Add(c)
		byName.Add(eval.MatchNames(a.GoldVictims(), pv))
		if (c.FP > 0 || c.FN > 0) && shown < *errors {
			shown++
			fmt.Fprintf(e.stdout, "%s\n  gold: %s\n  got:  %s\n", a.ID, strings.Join(a.GoldVictims(), "; "), strings.Join(pv, "; "))
		}
		var pc []string
		for _, v := range inc.Vulnerabilities {
			pc = append(pc, v.ID)
		}
		cc := eval.MatchSets(a.GoldCVEs(), pc)
		cves.Add(cc)
		if (cc.FP > 0 || cc.FN > 0) && cveShown < *errors {
			cveShown++
			fmt.Fprintf(e.stdout, "%s CVE ids\n  gold: %s\n  got:  %s\n", a.ID, strings.Join(a.GoldCVEs(), "; "), strings.Join(pc, "; "))
		}
		gotTypes := map[string]bool{}
		for _, ev := range inc.Events {
			gotTypes[ev.Type] = true
		}
		goldTypes := map[string]bool{}
		for _, t := range a.GoldTypes() {
			goldTypes[t] = true
		}
		for _, t := range eval.EventTypes {
			switch {
			case gotTypes[t] && goldTypes[t]:
				types[t].TP++
			case gotTypes[t]:
				types[t].FP++
			case goldTypes[t]:
				types[t].FN++
			}
		}
	}
	elapsed := time.Since(start)
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "casefile eval extraction: %d articles from %s in %.1fs (%.0f articles/s)\n", len(arts), fs.Arg(0), elapsed.Seconds(), float64(len(arts))/elapsed.Seconds())
	fmt.Fprintln(tw, "field\tP\tR\tF1\tTP\tFP\tFN")
	row := func(name string, c eval.Counts) {
		fmt.Fprintf(tw, "%s\t%.3f\t%.3f\t%.3f\t%d\t%d\t%d\n", name, c.P(), c.R(), c.F1(), c.TP, c.FP, c.FN)
	}
	row("victim organisations (micro)", victims)
	row("  by canonical name only", byName)
	row("CVE ids (micro)", cves)
	macro := 0.0
	for _, t := range eval.EventTypes {
		row("event "+t, *types[t])
		macro += types[t].F1()
	}
	fmt.Fprintf(tw, "event types macro F1\t\t\t%.3f\n", macro/float64(len(eval.EventTypes)))
	return 0, tw.Flush()
}
