// Package sources is Sourcebook's bundled library: the primary sources
// that come with the program. They are embedded so that `sourcebook new`
// can give a new reader a working library without a copy of this folder.
// The folder itself is also a library a manifest can name (the example
// reader does); Sourcebook reads only its .md files.
package sources

import "embed"

// FS holds the bundled source files (every .md file in this folder).
//
//go:embed *.md
var FS embed.FS
