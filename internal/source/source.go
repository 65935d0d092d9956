// Package source reads casefile's inputs — text and HTML files, folders
// of them, JSON Lines files, WARC archives and streams — into model.Raw
// documents.
//
// A bad input (an empty or binary file, invalid UTF-8, a malformed JSON
// line, a file over the size cap, an unreadable path) is reported as a
// *Error and never stops the rest of the input from being read.
package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/casefile/casefile/internal/fetch"
	"github.com/casefile/casefile/internal/model"
)

// Default limits used when an Options field is zero or negative.
const (
	DefaultMaxDocBytes  = 8 << 20 // 8 MiB per text document
	DefaultMaxLineBytes = 8 << 20 // 8 MiB per JSON Lines line
	DefaultMaxRecords   = 1 << 20 // records (JSON Lines lines, WARC records) per file
	DefaultMaxFeedItems = 1000    // new items read from a feed per poll
	// MaxJSONDepth bounds the nesting of arrays and objects in one JSON
	// record (a JSON Lines line, an API body).
	MaxJSONDepth = 64
)

// maxDepth bounds folder nesting, a guard against symlink loops in file
// systems where loops cannot be detected by file identity.
const maxDepth = 256

// Reasons an input is refused; a *Error wraps one of them (or an I/O error)
// with details, so callers can test them with errors.Is.
var (
	ErrEmpty        = errors.New("empty")              // nothing but whitespace, or a required field blank
	ErrBinary       = errors.New("binary")             // NUL bytes or many control bytes
	ErrInvalidUTF8  = errors.New("invalid UTF-8")      // not UTF-8 text
	ErrInvalidUTF16 = errors.New("invalid UTF-16")     // text with a UTF-16 byte order mark that does not decode
	ErrTooLarge     = fetch.ErrTooLarge                // over Options.MaxDocBytes or MaxLineBytes (or a fetch's limit)
	ErrUnsupported  = fetch.ErrUnsupported             // an HTTP content coding other than gzip, deflate, identity
	ErrMalformed    = errors.New("malformed JSON")     // a JSON Lines line that is not a JSON object
	ErrMissing      = errors.New("missing")            // a required JSON field ("id", "text") absent or null
	ErrWrongType    = errors.New("wrong type")         // a JSON field that is not a string
	ErrBadDate      = errors.New("bad date")           // "published" (or "date") in no accepted form
	ErrNotRegular   = errors.New("not a regular file") // a device, pipe or socket
	ErrTooMany      = errors.New("too many records")   // over Options.MaxRecords in one file, or FeedOptions.MaxItems in one poll
	ErrTooDeep      = errors.New("nested too deeply")  // JSON arrays and objects nested deeper than MaxJSONDepth
)

// Error is a bad input: which input (a file path) and line (1-based, 0 if
// the input is not line-based), and why.
type Error struct {
	Input string
	Line  int
	Err   error
}

// Error formats the error as "input:line: reason" (or "input: reason").
func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.Input, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Input, e.Err)
}

// Unwrap returns the reason.
func (e *Error) Unwrap() error { return e.Err }

// Options limits what the readers accept. The zero value means the
// defaults.
type Options struct {
	// MaxDocBytes caps a text file's size (and a JSONL record's text);
	// default DefaultMaxDocBytes.
	MaxDocBytes int64
	// MaxLineBytes caps one JSON Lines line; default DefaultMaxLineBytes.
	MaxLineBytes int
	// MaxRecordBytes caps one WARC record's block; default
	// DefaultMaxRecordBytes.
	MaxRecordBytes int64
	// MaxSkipBytes caps what a WARC file may make the reader discard to
	// skip refused records; default DefaultMaxSkipBytes.
	MaxSkipBytes int64
	// MaxRecords caps the records read from one file (JSON Lines lines
	// that are not blank, WARC records); the rest of a file over it is
	// not read and reported as one *Error. Default DefaultMaxRecords.
	MaxRecords int
	// Progress, if set, is called with the number of bytes just read
	// from an input file (as stored: compressed bytes for .gz files), for
	// progress reports. It is called from the reading goroutine.
	Progress func(n int64)
	// OnFile, if set, is called with each input file's path as it is
	// opened, for progress reports.
	OnFile func(path string)
}

func (o Options) withDefaults() Options {
	if o.MaxDocBytes <= 0 {
		o.MaxDocBytes = DefaultMaxDocBytes
	}
	if o.MaxLineBytes <= 0 {
		o.MaxLineBytes = DefaultMaxLineBytes
	}
	if o.MaxRecordBytes <= 0 {
		o.MaxRecordBytes = DefaultMaxRecordBytes
	}
	if o.MaxSkipBytes <= 0 {
		o.MaxSkipBytes = DefaultMaxSkipBytes
	}
	if o.MaxRecords <= 0 {
		o.MaxRecords = DefaultMaxRecords
	}
	return o
}

// Read walks paths (files, and folders recursively in lexical order;
// hidden files and folders inside them skipped; symbolic links followed,
// but never into a loop) and yields every document, or a *Error for each
// bad file or line. Paths are read in the order given.
//
// Files ending in .jsonl or .ndjson are JSON Lines, one document per line;
// files ending in .warc (or .warc.gz) are WARC crawl archives (see
// ReadWARC); HTML files (.html, .htm, .xhtml) become their main text (see
// HTML);
// every other file is UTF-8 text, one document ("text/html" for .html and
// .htm, else "text/plain"). Files ending in .gz are gunzipped first.
//
// An error that is not a *Error (the context's error) ends the sequence.
func Read(ctx context.Context, paths []string, opt Options) iter.Seq2[model.Raw, error] {
	return func(yield func(model.Raw, error) bool) {
		w := &walker{ctx: ctx, fsys: osFS{}, opt: opt.withDefaults(), yield: yield}
		for _, p := range paths {
			if !w.root(p) {
				return
			}
		}
	}
}

// ReadFS is Read over fsys, starting at root (a slash-separated path in
// fsys; "" or "." for all of it). Symbolic links are followed only as far
// as fsys itself follows them; nesting deeper than 256 folders is refused.
func ReadFS(ctx context.Context, fsys fs.FS, root string, opt Options) iter.Seq2[model.Raw, error] {
	return func(yield func(model.Raw, error) bool) {
		if root == "" {
			root = "."
		}
		w := &walker{ctx: ctx, fsys: ioFS{fsys}, opt: opt.withDefaults(), yield: yield}
		if !fs.ValidPath(root) {
			w.fail(root, 0, fmt.Errorf("invalid path in file system"))
			return
		}
		w.root(root)
	}
}

// fileSystem is what the walker needs from the OS or an fs.FS.
type fileSystem interface {
	Stat(name string) (fs.FileInfo, error) // follows symbolic links
	ReadDir(name string) ([]fs.DirEntry, error)
	Open(name string) (fs.File, error)
	Join(dir, name string) string
	Dir(name string) string
	Base(name string) string
}

type osFS struct{}

func (osFS) Stat(name string) (fs.FileInfo, error)      { return os.Stat(name) }
func (osFS) ReadDir(name string) ([]fs.DirEntry, error) { return os.ReadDir(name) }
func (osFS) Open(name string) (fs.File, error)          { return os.Open(name) }

// openFile opens p for reading, counting what is read for
// Options.Progress.
func (w *walker) openFile(p string) (fs.File, io.Reader, error) {
	f, err := w.fsys.Open(p)
	if err != nil {
		return nil, nil, err
	}
	if w.opt.OnFile != nil {
		w.opt.OnFile(p)
	}
	if w.opt.Progress == nil {
		return f, f, nil
	}
	return f, progressReader{f, w.opt.Progress}, nil
}

// progressReader reports the bytes read through it.
type progressReader struct {
	r  io.Reader
	fn func(int64)
}

func (p progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if n > 0 {
		p.fn(int64(n))
	}
	return n, err
}
func (osFS) Join(dir, name string) string { return filepath.Join(dir, name) }
func (osFS) Dir(name string) string       { return filepath.Dir(name) }
func (osFS) Base(name string) string      { return filepath.Base(name) }

type ioFS struct{ fs.FS }

func (f ioFS) Stat(name string) (fs.FileInfo, error)      { return fs.Stat(f.FS, name) }
func (f ioFS) ReadDir(name string) ([]fs.DirEntry, error) { return fs.ReadDir(f.FS, name) }
func (ioFS) Join(dir, name string) string                 { return path.Join(dir, name) }
func (ioFS) Dir(name string) string                       { return path.Dir(name) }
func (ioFS) Base(name string) string                      { return path.Base(name) }

// walker carries one Read call's state. Its methods return false once the
// consumer has stopped or the context is done.
type walker struct {
	ctx   context.Context
	fsys  fileSystem
	opt   Options
	yield func(model.Raw, error) bool
	done  bool
}

func (w *walker) emit(r model.Raw) bool {
	if w.done {
		return false
	}
	if !w.yield(r, nil) {
		w.done = true
	}
	return !w.done
}

// fail reports a bad input; it returns false if the consumer stopped.
func (w *walker) fail(input string, line int, err error) bool {
	if w.done {
		return false
	}
	if !w.yield(model.Raw{}, &Error{Input: input, Line: line, Err: ioReason(err)}) {
		w.done = true
	}
	return !w.done
}

// alive reports whether to go on, yielding the context's error once if it
// is done.
func (w *walker) alive() bool {
	if w.done {
		return false
	}
	if err := w.ctx.Err(); err != nil {
		w.yield(model.Raw{}, err)
		w.done = true
	}
	return !w.done
}

// ioReason drops the path from a *fs.PathError, which the *Error already
// names: "stat: no such file or directory" instead of repeating the path.
func ioReason(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}

func (w *walker) root(p string) bool {
	if !w.alive() {
		return false
	}
	info, err := w.fsys.Stat(p)
	if err != nil {
		return w.fail(p, 0, err)
	}
	if info.IsDir() {
		return w.dir(p, info, nil)
	}
	return w.file(p, info)
}

// dir reads folder p; ancestors are the folders above it in this walk,
// used to detect symbolic link loops.
func (w *walker) dir(p string, info fs.FileInfo, ancestors []fs.FileInfo) bool {
	for _, a := range ancestors {
		if os.SameFile(a, info) {
			return true // a link back up the tree: already being read
		}
	}
	if len(ancestors) >= maxDepth {
		return w.fail(p, 0, fmt.Errorf("folders nested deeper than %d", maxDepth))
	}
	entries, err := w.fsys.ReadDir(p)
	if err != nil && !w.fail(p, 0, err) {
		return false
	}
	ancestors = append(ancestors, info)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if !w.alive() {
			return false
		}
		child := w.fsys.Join(p, e.Name())
		ci, err := w.fsys.Stat(child)
		if err != nil {
			if !w.fail(child, 0, err) {
				return false
			}
			continue
		}
		var ok bool
		if ci.IsDir() {
			ok = w.dir(child, ci, ancestors)
		} else {
			ok = w.file(child, ci)
		}
		if !ok {
			return false
		}
	}
	return true
}

func (w *walker) file(p string, info fs.FileInfo) bool {
	if !info.Mode().IsRegular() {
		return w.fail(p, 0, fmt.Errorf("%w (%s)", ErrNotRegular, info.Mode().Type()))
	}
	if isJSONL(p) {
		return w.jsonlFile(p)
	}
	if isWARC(p) {
		return w.warcFile(p)
	}
	return w.textFile(p, info)
}

// isJSONL reports whether the file name says JSON Lines.
func isJSONL(p string) bool {
	p = strings.TrimSuffix(strings.ToLower(p), ".gz")
	return strings.HasSuffix(p, ".jsonl") || strings.HasSuffix(p, ".ndjson")
}

// contentType guesses a text file's media type from its name.
func contentType(name string) string {
	switch strings.ToLower(path.Ext(name)) {
	case ".html", ".htm", ".xhtml":
		return "text/html"
	}
	return "text/plain"
}
