package importer

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Status is what WriteAll did with one result.
type Status string

const (
	Written       Status = "written"        // a new file
	Unchanged     Status = "unchanged"      // the same bytes were already there
	SkippedExists Status = "skipped-exists" // a different file is there; kept
	Overwritten   Status = "overwritten"    // a different file was replaced (force)
	Failed        Status = "failed"         // see Err
)

// Outcome reports what happened to one result.
type Outcome struct {
	ID     string
	Path   string // the source file, dir/ID.md
	From   string // the imported file
	Status Status
	Err    error
}

// WriteAll writes results into dir as ID.md. An existing file is never
// replaced unless force: a teacher may have edited it since the last
// import. Re-running an import therefore changes nothing: identical files
// are reported unchanged, edited ones skipped. Files are written to a
// temporary name and renamed, so that a failure leaves no half file. The
// error joins every failure; the outcomes say which files they were.
func WriteAll(dir string, rs []Result, force bool) ([]Outcome, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("cannot create the folder %s: %w", dir, unwrapPathError(err))
	}
	var errs []error
	out := make([]Outcome, 0, len(rs))
	seen := map[string]string{}
	for _, r := range rs {
		o := Outcome{From: r.From}
		if r.Source != nil {
			o.ID = r.Source.ID
		}
		o.Path = filepath.Join(dir, o.ID+".md")
		o.Status, o.Err = writeOne(o, r, force, seen)
		if o.Err != nil {
			errs = append(errs, o.Err)
		}
		out = append(out, o)
	}
	return out, errors.Join(errs...)
}

func writeOne(o Outcome, r Result, force bool, seen map[string]string) (Status, error) {
	fail := func(format string, args ...any) (Status, error) {
		return Failed, fmt.Errorf("%s: %s", o.From, fmt.Sprintf(format, args...))
	}
	if r.Source == nil {
		return fail("no source to write")
	}
	if !idRE.MatchString(o.ID) {
		return fail("%q is not a valid id", o.ID)
	}
	if prev, dup := seen[o.ID]; dup {
		return fail("the id %s is also that of %s, imported in the same run; give one of them another id", o.ID, prev)
	}
	seen[o.ID] = o.From
	data, err := Marshal(r.Source)
	if err != nil {
		return fail("%v", err)
	}
	old, err := os.ReadFile(o.Path)
	switch {
	case err == nil && bytes.Equal(old, data):
		return Unchanged, nil
	case err == nil && !force:
		return SkippedExists, nil
	case err != nil && !errors.Is(err, fs.ErrNotExist):
		return fail("cannot read %s: %v", o.Path, unwrapPathError(err))
	}
	status := Written
	if err == nil {
		status = Overwritten
	}
	tmp, err := os.CreateTemp(filepath.Dir(o.Path), "."+o.ID+".*.tmp")
	if err != nil {
		return fail("cannot write %s: %v", o.Path, unwrapPathError(err))
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(tmp.Name(), 0o644)
	}
	if werr == nil && status == Written {
		// Link rather than rename: it fails if the file appeared in the
		// meantime, so that even a race cannot overwrite it.
		werr = os.Link(tmp.Name(), o.Path)
		if werr != nil && !errors.Is(werr, fs.ErrExist) {
			// Some file systems have no hard links.
			werr = renameNoReplace(tmp.Name(), o.Path)
		}
		os.Remove(tmp.Name())
		if errors.Is(werr, fs.ErrExist) {
			return SkippedExists, nil
		}
	} else if werr == nil {
		werr = os.Rename(tmp.Name(), o.Path)
	}
	if werr != nil {
		os.Remove(tmp.Name())
		return fail("cannot write %s: %v", o.Path, unwrapPathError(werr))
	}
	return status, nil
}

// renameNoReplace renames unless the target exists (checked just before;
// the fallback for file systems without hard links).
func renameNoReplace(from, to string) error {
	if _, err := os.Lstat(to); err == nil {
		return fs.ErrExist
	}
	return os.Rename(from, to)
}
