// Package sample holds casefile's bundled sample corpus: a fictional incident told in three languages.
package sample

import "embed"

// Corpus holds the sample documents as plain UTF-8 text files.
//
//go:embed corpus/*.txt
var Corpus embed.FS

// Dir is the folder of the corpus inside Corpus.
const Dir = "corpus"
