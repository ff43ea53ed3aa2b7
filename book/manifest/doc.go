// Package manifest decodes and validates reader.yaml, the teacher's
// description of a reader: which documents, in which parts, with which
// questions, glossary and notes, in which language and citation style.
// Parse collects every problem (book/diag) and still returns as much of
// the manifest as could be read, so a build can go on to check the
// sources it names in the same run.
//
// It also holds the values that sources' front matter shares with the
// manifest: Date (EDTF, "1989-09~"), Names ("A" or "[A, B]") and Text
// (Markdown inline or {file: intro.md}). Sources themselves are decoded
// in book, because a Source is a document of the model, with its
// citations and facts as methods.
//
// It knows nothing of the library or the assembled book: that an item's
// id names a real source is checked by book.Assemble.
package manifest
