// Package input is the one way a teacher's files enter a build. A path
// written in a manifest or a source is confined to the reader's folder and
// the library (Resolve); the file is read only if it is a regular file and
// within its cap (ReadFile, Limits); text must be UTF-8 (NormalizeText);
// images are checked from their headers, and SVG for anything that could
// run or load (CheckImage, CheckSVG). A build records every file it reads,
// with a digest of its bytes (Log), so caches and --watch key on exactly
// what was used.
package input
