// Package model holds the plain data types that flow through casefile's
// stages: source → extract → analyze → dedup → story → incident → store.
// Stages pass these values along; none of them carries behaviour beyond
// small helpers.
package model

import "time"

// Raw is one input document as a source read it, before extraction.
type Raw struct {
	// ID names the document: the file name for files, the "id" field for
	// JSON Lines records.
	ID string
	// Source groups documents that come from one place (a folder, a JSONL
	// file, a site); extract learns boilerplate lines per source.
	Source string
	// URI says where the bytes were read from (path, path:line, URL).
	URI       string
	Title     string    // title given by the source, if any
	URL       string    // original URL, if known
	Published time.Time // publication time, zero if unknown
	Lang      string    // language given by the source (ISO 639-1), if any
	Author    string    // author (byline) given by the source, if any
	Site      string    // name of the site or outlet, if known
	Body      []byte    // the document text as read (UTF-8)
	// ContentType is "text/plain" for text files and JSONL records.
	ContentType string
}

// Removal is one raw line that junk removal dropped.
type Removal struct {
	Line int    `json:"line"` // 1-based line number in the raw body
	Text string `json:"text"` // the line as it was
	Rule string `json:"rule"` // the rule that removed it
}

// Article is the clean text of one document: title and body with the
// boilerplate removed.
type Article struct {
	ID        string
	Source    string
	URI       string
	URL       string
	Published time.Time
	// Title is the detected (or source-given) headline; empty if none.
	Title string
	// TitleLine is the 1-based raw line the title came from, 0 if none.
	TitleLine int
	// Text is the clean body: kept paragraphs joined by "\n\n", without
	// the title line. Evidence offsets point into it.
	Text string
	// Removed lists the raw lines dropped as boilerplate, in line order.
	Removed []Removal
	// Hash is the hex content hash of the raw body (idempotent ingest).
	Hash string
	// Lang is the language given by the source, if any; analyze detects
	// it otherwise.
	Lang string
	// Author and Site are the byline and the site's name the source
	// gave (a web page's metadata), if any.
	Author string
	Site   string
}

// Span is a half-open range of Unicode code points [Start, End) in a
// document's clean Text.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Sentence is one sentence of a document's clean text.
type Sentence struct {
	Span
	Text string `json:"text"`
}

// AnchorKind says what a language-independent anchor is.
type AnchorKind string

// Anchor kinds.
const (
	AnchorName    AnchorKind = "name"    // capitalised name, possibly several words
	AnchorAcronym AnchorKind = "acronym" // EKS, NCSC, CVE-2024-1234
	AnchorNumber  AnchorKind = "number"  // 2011, 500,000, 7
	AnchorQuote   AnchorKind = "quote"   // a quoted string
	AnchorPhone   AnchorKind = "phone"   // +44 1536 853968
	AnchorURL     AnchorKind = "url"     // URLs, e-mail addresses, domains
)

// Anchor is a token or phrase that survives translation: names, acronyms,
// numbers, phone numbers, URLs, quotes.
type Anchor struct {
	Kind AnchorKind `json:"kind"`
	// Key is the normalised form compared across documents and languages
	// (folded case and accents; digits only for numbers and phones).
	Key     string `json:"key"`
	Surface string `json:"surface"` // the text as written
	Span
}

// Doc is an analysed article: language, sentences and anchors.
type Doc struct {
	Article
	Lang      string     // ISO 639-1 code, "und" when unknown
	Sentences []Sentence // in text order, covering the text
	Anchors   []Anchor   // in text order
}

// Relation types between documents.
const (
	RelOriginal    = "original"           // the canonical original of its copies/translations
	RelCopy        = "copy"               // same language, (near) the same text
	RelExcerpt     = "excerpt"            // same language, largely contained in another
	RelTranslation = "translation"        // another language, same article
	RelFollowUp    = "follow_up"          // same outlet, later, same story, new text
	RelIndependent = "independent_report" // another outlet on the same story
)

// Relation says how a document relates to another one.
type Relation struct {
	Type  string  `json:"type"`
	Of    string  `json:"of,omitempty"`
	Score float64 `json:"score,omitempty"`
	// Why explains the decision in words (shared anchors, similarity).
	Why string `json:"why,omitempty"`
}

// Story is a set of documents about the same incident.
type Story struct {
	ID   string   `json:"id"`
	Docs []string `json:"documents"`
	// Why explains, per document, why it is in the story.
	Why map[string]string `json:"why,omitempty"`
	// Merges lists the merges that formed the story, in order.
	Merges []StoryMerge `json:"merges,omitempty"`
}

// StoryMerge records that two stories became one when a later document
// matched both: the story From (named by its lead then) went into Into,
// and both are now Story.
type StoryMerge struct {
	Into  string  `json:"into"`
	From  string  `json:"from"`
	Story string  `json:"story"` // the story both are part of now
	By    string  `json:"by"`    // the document that brought them together
	Score float64 `json:"score"` // similarity of the two stories
	Why   string  `json:"why"`
}
