package book

import (
	"reflect"
	"sourcebook/book/diag"
	"sourcebook/book/input"
	"sourcebook/book/manifest"
)

// The names below moved to book/diag, book/input and book/manifest; they
// stay here so that renderers, commands and the importer, which name them
// through book, need not change. New code may use either.
type (
	Error    = diag.Error
	Errors   = diag.Errors
	Warning  = diag.Warning
	Limits   = input.Limits
	Manifest = manifest.Manifest
	Date     = manifest.Date
	Names    = manifest.Names
)

// DefaultLimits are the caps a build applies when Options.Limits is zero.
func DefaultLimits() Limits { return input.DefaultLimits() }

// ReadFile reads a file as a build does (see input.ReadFile).
func ReadFile(path string, limit int64, capName, what string) ([]byte, error) {
	return input.ReadFile(path, limit, capName, what)
}

// CheckImage checks an image's bytes against the limits (see input.CheckImage).
func CheckImage(data []byte, src string, lim Limits) error { return input.CheckImage(data, src, lim) }

// YAMLName is the key a struct field is written under (see diag.YAMLName).
func YAMLName(f reflect.StructField) (string, bool) { return diag.YAMLName(f) }

// ParseDate parses an EDTF date (see manifest.ParseDate).
func ParseDate(s string) (Date, error) { return manifest.ParseDate(s) }

// ReadManifest reads and validates reader.yaml (see manifest.Read).
func ReadManifest(path string) (*Manifest, error) { return manifest.Read(path, input.DefaultLimits()) }

// ParseManifest decodes and validates reader.yaml's bytes (see
// manifest.Parse).
func ParseManifest(path string, data []byte) (*Manifest, error) {
	return manifest.Parse(path, data)
}
