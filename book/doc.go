// Package book is the model of a course reader: it reads and checks the
// teacher's input and assembles one edition-neutral Book that every
// renderer (print, EPUB, web) draws from. It decides every word a reader
// prints; the renderers decide only how it looks.
//
// The input, in the order a build meets it:
//
//   - The manifest, reader.yaml (manifest.go, yaml.go): decoded with
//     line and column for every key, then validated; every problem is
//     collected into Errors, each naming file, line, column and field
//     (errors.go), so that a teacher fixes them all in one round.
//   - The library of sources (source.go): Markdown files with YAML front
//     matter, read in parallel (internal/work) and cached between builds
//     (Cache), parsed into book/markup's block model.
//   - The editor's files and images the manifest or the sources name,
//     confined to the reader's folder and the library (paths.go) and
//     checked against Limits (limits.go).
//
// Every file a build reads comes through one reader (input.go), which
// refuses anything but a regular file, never reads past its cap, and
// records the file with a digest of its bytes: Book.Files is exactly what
// the build used, so caches are keyed and --watch watches from it.
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
// Source.FactsIn is the sourcing box and cite.go the citations and the
// list of sources. A renderer prints these and maps their roles to its
// styles; it never writes words of its own.
package book
