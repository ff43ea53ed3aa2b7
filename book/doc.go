// Package book is the model of a course reader: it reads and checks the
// teacher's input and assembles one edition-neutral Book that every
// renderer (print, EPUB, web) draws from. It decides every word a reader
// prints; the renderers decide only how it looks.
//
// Loading is split by job into packages below book:
//
//   - book/manifest decodes and validates the manifest, reader.yaml, and
//     holds the values sources share with it (Date, Names, Text).
//   - book/diag makes every problem an Error naming file, line, column
//     and field, collected into Errors so that a teacher fixes them all in
//     one round, and decodes YAML strictly (unknown keys get "did you
//     mean").
//   - book/input is the one way a file enters a build: paths confined to
//     the reader's folder and the library, sizes held to Limits, text,
//     images and SVG checked, and every read recorded with a digest of its
//     bytes, so that Book.Files is exactly what the build used; caches are
//     keyed and --watch watches from it.
//
// The library of sources (source.go) stays here, because a Source is a
// document of the model as well as a file: Markdown with YAML front
// matter, read in parallel (internal/work), cached between builds (Cache)
// and parsed into book/markup's block model; its citations and facts are
// methods. The names most callers use from the packages below (Error,
// Limits, Manifest, Date, ParseManifest, ...) are kept here as aliases
// (names.go).
//
// Assemble (assemble.go) joins manifest and library into a Book: parts and
// items in reading order, labels, numbered paragraphs and stable IDs for
// every block (numbering.go, anchor.go), questions, glossary, links
// (links.go) and apparatus (apparatus.go).
//
// The generated words are the model's too: Locale (locale.go) gives every
// label in the reader's language (English, Spanish, French, German),
// "A, B and C", dates per language and region, the question groups'
// titles, the excerpt note and the reading measures (metrics.go);
// Source.FactsIn is the sourcing box, cite.go the citations and the list
// of sources (in pieces, titles marked for italics), credits.go the
// credits page and the notes after each document, quotes.go the titles
// as headings and the contents print them. A renderer prints these and maps their roles to its
// styles; it never writes words of its own.
package book
