package book

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"

	"sourcebook/book/input"
	"sourcebook/sources"
)

// ScaffoldSource is the id of the bundled document a new reader starts with.
const ScaffoldSource = "masoud-vorontsov-1989"

// Scaffold creates a new reader in dir, ready to build: a commented
// reader.yaml whose name is dir's base name, an introduction.md, and a
// sources folder holding the bundled library, with one item using the
// bundled letter. dir may exist if it is empty; nothing is overwritten.
func Scaffold(dir, title string) error {
	if strings.TrimSpace(dir) == "" {
		return &Error{File: "sourcebook new", Msg: "give a name for the new folder, such as cold-war-reader"}
	}
	if strings.TrimSpace(title) == "" || strings.ContainsAny(title, "\n\r") {
		return &Error{File: dir, Msg: "the title must be one line of text"}
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return &Error{File: dir, Msg: err.Error()}
	}
	name := filepath.Base(abs)
	if name == string(filepath.Separator) || strings.ContainsAny(name, `/\`) || name == "." || name == ".." {
		return &Error{File: dir, Msg: "give a name for the new folder, such as cold-war-reader"}
	}
	if entries, err := os.ReadDir(dir); err == nil {
		if len(entries) > 0 {
			return &Error{File: dir, Msg: "the folder already exists and is not empty; choose another name, or empty the folder first"}
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		if st, serr := os.Stat(dir); serr == nil && !st.IsDir() {
			return &Error{File: dir, Msg: "a file of that name already exists; choose another name"}
		}
		return &Error{File: dir, Msg: fmt.Sprintf("cannot read the folder: %v", input.UnwrapPathError(err))}
	}
	if err := os.MkdirAll(filepath.Join(dir, "sources"), 0o755); err != nil {
		return &Error{File: dir, Msg: fmt.Sprintf("cannot create the folder: %v", input.UnwrapPathError(err))}
	}
	manifest := strings.NewReplacer("{{TITLE}}", yamlScalar(title), "{{NAME}}", yamlScalar(name)).Replace(scaffoldManifest)
	files := map[string]string{
		"reader.yaml":     manifest,
		"introduction.md": scaffoldIntroduction,
	}
	for f, data := range files {
		if err := writeNew(filepath.Join(dir, f), strings.NewReader(data)); err != nil {
			return err
		}
	}
	bundled, err := fs.Glob(sources.FS, "*.md")
	if err != nil {
		return err
	}
	for _, f := range bundled {
		r, err := sources.FS.Open(f)
		if err != nil {
			return err
		}
		err = writeNew(filepath.Join(dir, "sources", f), r)
		r.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// writeNew creates path, failing if it exists.
func writeNew(path string, r io.Reader) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return &Error{File: path, Msg: fmt.Sprintf("cannot create the file: %v", input.UnwrapPathError(err))}
	}
	_, err = io.Copy(f, r)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return &Error{File: path, Msg: fmt.Sprintf("cannot write the file: %v", input.UnwrapPathError(err))}
	}
	return nil
}

// yamlScalar writes s as a one-line YAML value, quoted only if it must be.
func yamlScalar(s string) string {
	out, err := yaml.Marshal(s)
	if err != nil {
		return fmt.Sprintf("%q", s)
	}
	return strings.TrimSuffix(string(out), "\n")
}

const scaffoldManifest = `# The reader manifest: which documents go into your reader, what you write
# around them, and how the result looks. Every key is explained in
# docs/readers.md in Sourcebook's folder. Lines starting with # are
# comments; to use a key that is commented out, delete the "# " before it
# (keep the spaces after it: they place the key).
#
# Check the reader for mistakes with   sourcebook check
# Build it (from this folder) with     sourcebook build
# which writes out/NAME.epub (for e-readers) and out/NAME.pdf (to print).

# The reader's title, on the cover and the title page. Required.
title: {{TITLE}}
# A subtitle, printed under the title.
# subtitle: Documents for Discussion
# Who prepared the reader: one name or a list. Printed as "Edited by ...".
# editors: [Ms. Rivera, Mr. Okafor]
# The course the reader is for, on the title page and the cover.
# course: Modern World History
# Your school, on the title page.
# institution: Lincoln High School
# Who publishes the reader, if not the school.
# publisher: History Department
# The language of your own writing (introduction, headnotes, questions),
# as a short code: en, en-GB, fr, de.
language: en
# The licence of your own writing, printed on the credits page.
# license: CC BY 4.0
# The date of this edition, as YYYY-MM-DD. Without it, the date of the
# newest file the reader is built from is used.
# date: 2026-09-01
# The name of the built files, without extension: NAME.epub and NAME.pdf.
name: {{NAME}}
# How the PDF looks: reader (a bound course reader, with title page,
# credits and contents), handout (compact, for photocopying one or two
# documents; no title page, credits or contents) or large-print.
layout: reader
# The paper: letter or a4.
page_size: letter
# true to prepare the PDF for printing on both sides of the paper.
two_sided: false
# How documents are labelled: numbers (Document 1, 2, 3) or letters
# (Document A, B, C).
labels: numbers
# How the list of sources is written: chicago (Bibliography), mla (Works
# Cited) or apa (References).
citation_style: chicago
# The folders holding your source documents, relative to this file.
# "sourcebook list" shows what they hold; "sourcebook import" adds to them.
sources: [sources]
# true adds a chronology of the documents' dates at the back.
# timeline: true
# true shows each document's length, reading time and grade level in the
# students' edition too (the teacher edition lists them in its Teacher's
# Notes at the end).
# show_metrics: true
# Paragraph numbers (¶ 1, ¶ 2, …) stand in the print margin, as in the
# EPUB, so that one reference serves a class using both; false leaves
# them out of print.
# paragraph_numbers: false
# Font files for Chinese, Japanese or Korean when none is installed on this
# computer, relative to this file, e.g. [fonts/NotoSerifCJK-Regular.ttc].
# fonts: []
# Sources you may copy although their rights status is "unknown", or
# "permission" without a statement: list their ids once you have checked.
# accept_rights: [` + ScaffoldSource + `]
# Terms explained at the back; each is marked where it first appears.
# glossary:
#   - term: PDPA
#     definition: The People's Democratic Party of Afghanistan.

# Your introduction to the whole reader, in Markdown. It is kept in its own
# file; you can also write it here, after "introduction: |", indented.
introduction: {file: introduction.md}

# The documents, in reading order, grouped in parts. Each item names a
# source by its id: the "id:" line at the top of the source file (not the
# file name). A reader without parts lists its documents under "items:"
# instead of "parts:".
parts:
  - title: After the Withdrawal
    # An introduction to this part, in Markdown.
    # introduction: By the summer of 1989 the war had reached a stalemate.
    # The part's central question, answered from its documents.
    # question: Why did the war go on after the Soviet troops left?
    # Restart the labels in this part: numbers or letters.
    # labels: letters
    items:
      - id: ` + ScaffoldSource + `
        # A label instead of "Document 1".
        # label: Homework
        # A title for this reader instead of the source's own.
        # title: Masoud's Letter to Moscow
        # Only these paragraphs (numbered from 1); [...] marks the gaps.
        # excerpt: [1-2, 4-5]
        # true if you changed the text (simplified it, for example); say
        # how in modified_note, which is printed with the document.
        # modified: true
        # modified_note: Spelling modernised.
        # Time to allow in class, shown in the teacher edition.
        # time: 45 min
        # A word bank printed with this document.
        # vocabulary:
        #   - term: culprit
        #     definition: the one who is to blame
        # Notes on phrases of the text, printed as lettered notes; the
        # phrase must be copied exactly from the source.
        # annotations:
        #   - anchor: letter of 31 July 1989
        #     note: Vorontsov's letter is not included in this reader.
        # Your introduction to the document, in Markdown: who wrote it,
        # when, and what students need to know to read it.
        headnote: |
          **Ahmad Shah Masoud** (1953–2001) commanded the resistance forces
          of the Jamiat-e Islami party in the Panjshir Valley, north of Kabul.
          **Yuli Vorontsov** (1929–2007), the Soviet first deputy foreign
          minister, led Moscow's diplomacy on Afghanistan after the Soviet
          withdrawal of February 1989. Masoud answers a letter from
          Vorontsov of 31 July 1989.
        # Questions for discussion. Each has a text and may have a stage
        # (before, during or after reading) and an answer, which is printed
        # only in the teacher edition (sourcebook build --edition teacher).
        questions:
          - text: Who wrote this letter, to whom, and when?
            stage: before
          - text: What does Masoud hold the Soviet Union responsible for?
            stage: after
            answer: |
              The deaths of more than 1,500,000 Afghans, 5,000,000 refugees
              and a ruined country, through its support of the PDPA.
            # A teaching note, printed after the answer (teacher edition).
            # note: Compare the figures with those in the headnote.
          - text: What does Masoud mean by "using Afghans to murder Afghans"?
            stage: during
            # The phrase the question is about (copied exactly), and which
            # occurrence of it if it appears more than once; the PDF
            # prints its line numbers. Or give a paragraph number instead.
            # anchor: using Afghans to murder Afghans
            # occurrence: 1
            # paragraph: 4
            # Ruled lines for the answer on a handout.
            # lines: 4
            # Time to allow, shown in the teacher edition.
            # time: 10 min
          - text: What two conditions does Masoud set for the war to end?
            stage: after
`

const scaffoldIntroduction = `In December 1979 Soviet troops entered Afghanistan to prop up the
communist government of the People's Democratic Party of Afghanistan
(PDPA). What Moscow expected to be a short intervention became a nine-year
war against the Afghan resistance, the *mujahideen*. The last Soviet troops
left Afghanistan on 15 February 1989, but the war did not end with them.

This reader presents one voice from that moment: a letter from Ahmad Shah
Masoud, a commander of the resistance, to the Soviet diplomat Yuli
Vorontsov. Read it as evidence of how one side of the conflict understood
the war and what it demanded.
`
