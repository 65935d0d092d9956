package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"

	"github.com/casefile/casefile/internal/export"
	"github.com/casefile/casefile/internal/export/misp"
	"github.com/casefile/casefile/internal/export/stix"
	"github.com/casefile/casefile/internal/model"
	"github.com/casefile/casefile/internal/store"
)

func (e *env) load(ctx context.Context) (store.Snapshot, error) {
	st, err := e.open(ctx)
	if err != nil {
		return store.Snapshot{}, err
	}
	defer st.Close()
	return st.Load(ctx)
}

func (e *env) incidents(ctx context.Context, args []string) (int, error) {
	if len(args) != 0 {
		return 2, errors.New("incidents takes no arguments")
	}
	snap, err := e.load(ctx)
	if err != nil {
		return 1, err
	}
	writeIncidents(e.stdout, snap)
	return 0, nil
}

// writeIncidents prints one line per incident.
func writeIncidents(w io.Writer, snap store.Snapshot) {
	docs := map[string]int{}
	for _, d := range snap.Documents {
		docs[d.Story]++
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tDOCS\tCOUNTRY\tSTATUS\tVICTIMS\tTITLE")
	for _, inc := range snap.Incidents {
		var vs []string
		for _, v := range inc.Victims {
			vs = append(vs, v.Name)
		}
		victims := strings.Join(vs, "; ")
		if victims == "" {
			victims = "-"
		}
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\n", inc.ID, docs[inc.Story], orDash(inc.Country), orDash(inc.Status), clip(victims, 70), clip(inc.Title, 70))
	}
	tw.Flush()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

func (e *env) show(ctx context.Context, args []string) (int, error) {
	if len(args) != 1 {
		return 2, errors.New("show: give one incident or story id (a unique prefix will do)")
	}
	snap, err := e.load(ctx)
	if err != nil {
		return 1, err
	}
	var hits []model.Incident
	for _, inc := range snap.Incidents {
		if strings.HasPrefix(inc.ID, args[0]) || strings.HasPrefix(inc.Story, args[0]) {
			hits = append(hits, inc)
		}
	}
	switch len(hits) {
	case 0:
		return 1, fmt.Errorf("show: no incident or story %q", args[0])
	case 1:
		writeIncident(e.stdout, snap, hits[0])
		return 0, nil
	}
	return 1, fmt.Errorf("show: %q matches %d incidents; give more of the id", args[0], len(hits))
}

// writeIncident prints the full record with its evidence and the story's
// documents.
func writeIncident(w io.Writer, snap store.Snapshot, inc model.Incident) {
	p := func(format string, a ...any) { fmt.Fprintf(w, format, a...) }
	evs := func(es []model.Evidence) {
		for _, e := range es {
			p("      [%s %d-%d] %s\n", e.Doc, e.Start, e.End, clip(e.Text, 160))
		}
	}
	p("Incident %s (story %s)\n", inc.ID, inc.Story)
	p("  %s\n", inc.Title)
	p("  status: %s   attack: %s   country: %s   region: %s\n", orDash(inc.Status), orDash(inc.AttackType), orDash(inc.Country), orDash(inc.Region))
	if inc.Affected != "" {
		p("  affected: %s\n", inc.Affected)
	}
	if len(inc.StatusHistory) > 1 {
		p("  status over time:")
		for _, c := range inc.StatusHistory {
			p(" %s %s (%s);", orDash(c.Date), c.Status, c.Doc)
		}
		p("\n")
	}
	if inc.Records != "" {
		p("  records: %s\n", inc.Records)
		evs(inc.RecordsEvidence)
	}
	if inc.Ransom != "" {
		p("  ransom: %s\n", inc.Ransom)
		evs(inc.RansomEvidence)
	}
	if inc.DataAccessed != "" {
		p("  data accessed: %s\n", inc.DataAccessed)
		evs(inc.DataAccessedEvidence)
	}
	p("\nVictims\n")
	for _, v := range inc.Victims {
		about := ""
		if v.Sector != "" || v.Country != "" {
			about = " [" + strings.Trim(v.Sector+", "+v.Country, ", ") + "]"
		}
		p("  %s%s%s\n", v.Name, about, aliasText(v.Aliases))
		evs(v.Evidence)
	}
	p("\nProviders and suppliers\n")
	for _, v := range inc.Providers {
		p("  %s (%s)%s\n", v.Name, v.Role, aliasText(v.Aliases))
		evs(v.Evidence)
	}
	p("\nAgencies\n")
	for _, v := range inc.Agencies {
		p("  %s (%s)%s\n", v.Name, orDash(v.Role), aliasText(v.Aliases))
		evs(v.Evidence)
	}
	p("\nServices affected\n")
	for _, v := range inc.Services {
		p("  %s\n", v.Name)
		evs(v.Evidence)
	}
	if len(inc.Actors) > 0 {
		p("\nThreat actors and malware\n")
		for _, a := range inc.Actors {
			p("  %s (%s)%s\n", a.Name, a.Kind, aliasText(a.Aliases))
			evs(a.Evidence)
		}
	}
	if v := inc.Vector; v != nil {
		p("\nVector (%s)\n  product: %s   vendor: %s   claimed by: %s\n", v.Confidence, orDash(v.Product), orDash(v.Vendor), orDash(v.ClaimedBy))
		evs(v.Evidence)
	}
	if len(inc.Disputes) > 0 {
		p("\nDisputed\n")
		for _, d := range inc.Disputes {
			p("  claim by %s: %q\n", d.By, d.Claim)
			evs(d.Evidence)
			p("    against (%s):\n", orDash(d.AgainstBy))
			evs(d.AgainstEvidence)
		}
	}
	if len(inc.People) > 0 {
		p("\nPeople\n")
		for _, v := range inc.People {
			extra := ""
			if len(v.Variants) > 0 {
				extra = "   [also spelt: " + strings.Join(v.Variants, ", ") + "]"
			}
			p("  %s: %s, %s%s\n", v.Name, orDash(v.Role), orDash(v.Org), extra)
		}
	}
	for _, r := range inc.Related {
		p("\nRelated earlier incident (not part of this one): %s\n", r.Victim)
		evs(r.Evidence)
	}
	var story model.Story
	for _, st := range snap.Stories {
		if st.ID == inc.Story {
			story = st
		}
	}
	p("\nDocuments (and why each is in the story)\n")
	for _, d := range snap.Documents {
		if d.Story != inc.Story {
			continue
		}
		rel := d.Relation.Type
		if d.Relation.Of != "" {
			rel += " of " + d.Relation.Of
		}
		p("  %s [%s] %s — %s\n", d.ID, d.Lang, rel, clip(orDash(d.Title), 70))
		if why := story.Why[d.ID]; why != "" {
			p("      why: %s\n", why)
		}
	}
	if len(story.Merges) > 0 {
		p("\nMerges that formed the story\n")
		for _, m := range story.Merges {
			p("  %s into %s: %s\n", m.From, m.Into, m.Why)
		}
	}
}

func aliasText(a []string) string {
	if len(a) == 0 {
		return ""
	}
	return " (also: " + strings.Join(a, ", ") + ")"
}

func (e *env) export(ctx context.Context, args []string) (int, error) {
	fs := flag.NewFlagSet("export", flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	format := fs.String("format", "json", "export format: json, stix (STIX 2.1 bundle), misp (MISP feed folder, needs --out DIR)")
	out := fs.String("out", "", "json, stix: write to this file instead of stdout; misp: the feed folder")
	tlp := fs.String("tlp", "clear", "stix, misp: TLP 2.0 marking of every object or event ("+strings.Join(stix.TLPLevels(), ", ")+")")
	if err := fs.Parse(args); err != nil {
		return 2, nil
	}
	if fs.NArg() != 0 {
		return 2, fmt.Errorf("export: unexpected arguments %v", fs.Args())
	}
	var write func(io.Writer, store.Snapshot) error
	switch *format {
	case "json":
		write = export.JSON
	case "stix":
		opt := stix.Options{TLP: *tlp}
		if err := opt.Validate(); err != nil {
			return 2, fmt.Errorf("export: --tlp: %w", err)
		}
		write = func(w io.Writer, snap store.Snapshot) error { return stix.Write(w, snap, opt) }
	case "misp":
		opt := misp.Options{TLP: *tlp}
		if err := opt.Validate(); err != nil {
			return 2, fmt.Errorf("export: --tlp: %w", err)
		}
		if *out == "" {
			return 2, errors.New("export: --format misp writes a feed folder: give it with --out DIR")
		}
		snap, err := e.load(ctx)
		if err != nil {
			return 1, err
		}
		if err := misp.Write(*out, snap, opt); err != nil {
			return 1, err
		}
		return 0, nil
	default:
		return 2, fmt.Errorf("export: unknown format %q (have: json, stix, misp)", *format)
	}
	snap, err := e.load(ctx)
	if err != nil {
		return 1, err
	}
	if *out == "" {
		if err := write(e.stdout, snap); err != nil {
			return 1, err
		}
		return 0, nil
	}
	if err := writeFile(*out, func(w io.Writer) error { return write(w, snap) }); err != nil {
		return 1, fmt.Errorf("export: %w", err)
	}
	return 0, nil
}

// writeFile writes path through a temporary file renamed into place, so a
// failed export leaves no half-written file.
func writeFile(path string, write func(io.Writer) error) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
		}
	}()
	bw := bufio.NewWriter(f)
	if err := write(bw); err != nil {
		return err
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}
