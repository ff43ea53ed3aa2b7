//go:build ignore

// Command convert turns a libhyphen .dic file (as shipped by Debian's
// hyphen-* packages) into the plain whitespace-separated TeX pattern list
// that github.com/speedata/hyphenation's New() reads.
//
//	go run ./layouts/typeset/patterns/convert.go < /usr/share/hyphen/hyph_en_US.dic > layouts/typeset/patterns/hyph-en-us.pat.txt
//
// It drops the charset line, keyword lines (LEFTHYPHENMIN, RIGHTHYPHENMIN,
// COMPOUND*, NOHYPHEN, ...) and comments. libhyphen's non-standard patterns
// (with '/' or '=') and compound levels (NEXTLEVEL) have no TeX equivalent:
// the former are dropped with a count on stderr, the latter is an error
// because the levels would be merged wrongly.
package main

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"unicode"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	first := true
	kept, dropped := 0, 0
	for in.Scan() {
		line := strings.TrimSpace(in.Text())
		if first {
			first = false
			if isCharset(line) {
				continue
			}
		}
		if line == "" || line[0] == '%' || line[0] == '#' {
			continue
		}
		f := strings.Fields(line)[0]
		if f == "NEXTLEVEL" {
			fmt.Fprintln(os.Stderr, "convert: NEXTLEVEL (compound patterns) is not supported")
			os.Exit(1)
		}
		if isKeyword(f) {
			continue
		}
		if strings.ContainsAny(f, "/=") {
			dropped++
			continue
		}
		fmt.Fprintln(out, f)
		kept++
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, "convert:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "convert: %d patterns kept, %d non-standard dropped\n", kept, dropped)
}

// isCharset reports whether s is libhyphen's first line (an encoding name).
func isCharset(s string) bool {
	u := strings.ToUpper(s)
	return strings.HasPrefix(u, "UTF-8") || strings.HasPrefix(u, "ISO") ||
		strings.HasPrefix(u, "KOI") || strings.HasPrefix(u, "MICROSOFT") || strings.HasPrefix(u, "CP")
}

// isKeyword reports whether f is an all-uppercase libhyphen directive.
func isKeyword(f string) bool {
	for _, r := range f {
		if !unicode.IsUpper(r) && r != '-' && r != '_' {
			return false
		}
	}
	return true
}
