package source

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"iter"

	"github.com/casefile/casefile/internal/model"
)

// ReadStream reads documents from a stream (standard input, an upload)
// whose kind is told by its first bytes: gzip is unpacked, then "WARC/"
// starts a WARC archive, "{" JSON Lines, "<" one HTML page, and anything
// else is one text document. name stands for the stream in IDs, URIs and
// errors.
func ReadStream(ctx context.Context, r io.Reader, name string, opt Options) iter.Seq2[model.Raw, error] {
	return func(yield func(model.Raw, error) bool) {
		w := &walker{ctx: ctx, opt: opt.withDefaults(), yield: yield}
		w.stream(r, name)
	}
}

func (w *walker) stream(r io.Reader, name string) bool {
	br, done, err := sniffGzip(r)
	if err != nil {
		return w.fail(name, 0, err)
	}
	defer done()
	head, _ := br.Peek(512)
	trimmed := bytes.TrimLeft(bytes.TrimPrefix(head, bom), " \t\r\n")
	switch {
	case bytes.HasPrefix(trimmed, warcMagic):
		return w.warc(br, name)
	case bytes.HasPrefix(trimmed, []byte("{")):
		return w.jsonl(br, name)
	}
	limit := w.opt.MaxDocBytes
	data, err := io.ReadAll(io.LimitReader(br, limit+1))
	if err != nil {
		return w.fail(name, 0, err)
	}
	if int64(len(data)) > limit {
		return w.fail(name, 0, fmt.Errorf("%w: over the limit of %d bytes", ErrTooLarge, limit))
	}
	raw := model.Raw{ID: name, Source: name, URI: name, ContentType: "text/plain"}
	if bytes.HasPrefix(trimmed, []byte("<")) {
		if raw, err = HTML(raw, data); err != nil {
			return w.fail(name, 0, err)
		}
		return w.emit(raw)
	}
	if raw.Body, err = CleanText(data); err != nil {
		return w.fail(name, 0, err)
	}
	return w.emit(raw)
}
