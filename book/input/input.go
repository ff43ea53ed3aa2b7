package input

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"sourcebook/book/diag"
	"sync"
	"syscall"
)

// Input is one file a build read: its path and a digest of the bytes
// read, so that a cache or a watcher can key on exactly what was used.
type Input struct {
	Path   string
	Digest [32]byte
}

// Log records the files a build reads, each once.
type Log struct {
	mu    sync.Mutex
	files map[string][32]byte
}

// Record notes that path was read, with the digest of its bytes.
func (l *Log) Record(path string, digest [32]byte) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.files == nil {
		l.files = map[string][32]byte{}
	}
	l.files[filepath.Clean(path)] = digest
}

// List returns the inputs sorted by path, for a deterministic book.
func (l *Log) List() []Input {
	if l == nil {
		return nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]Input, 0, len(l.files))
	for p, d := range l.files {
		out = append(out, Input{p, d})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// ReadFile is the one way a file's bytes enter a build or an import:
// sources, the manifest, the editor's files and images all come through
// it. It refuses anything but a regular file without opening it (opening
// a named pipe blocks; a device never ends), opens without blocking in
// case the file was swapped for a pipe meanwhile, and never reads past
// limit, naming capName (a Limits field) when the file is bigger. Paths
// named by a manifest or in Markdown are confined by Resolve first.
func ReadFile(path string, limit int64, capName, what string) ([]byte, error) {
	f, st, cannot, err := openRegular(path, what, "a text file")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st.Size() > limit {
		return nil, sizeError(path, st.Size(), limit, capName)
	}
	// The file may grow while it is read: never read past the cap. The
	// buffer is the file's size, so that reading it is one allocation.
	buf := bytes.NewBuffer(make([]byte, 0, st.Size()+bytes.MinRead))
	if _, err := buf.ReadFrom(io.LimitReader(f, limit+1)); err != nil {
		return nil, cannot(err)
	}
	data := buf.Bytes()
	if int64(len(data)) > limit {
		return nil, sizeError(path, int64(len(data)), limit, capName)
	}
	return data, nil
}

// openRegular opens a regular file for reading, refusing anything else
// without blocking (see ReadFile); cannot wraps a later read error.
func openRegular(path, what, kind string) (*os.File, os.FileInfo, func(error) error, error) {
	cannot := func(err error) error {
		return &diag.Error{File: path, Msg: fmt.Sprintf("cannot read %s: %v", what, UnwrapPathError(err))}
	}
	notRegular := &diag.Error{File: path, Msg: fmt.Sprintf("cannot read %s: it is not a regular file (a folder, device or pipe); give the path of %s", what, kind)}
	if st, err := os.Stat(path); err != nil {
		return nil, nil, cannot, cannot(err)
	} else if !st.Mode().IsRegular() {
		return nil, nil, cannot, notRegular
	}
	f, err := os.OpenFile(path, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, nil, cannot, cannot(err)
	}
	st, err := f.Stat()
	if err == nil && !st.Mode().IsRegular() {
		err = notRegular
	}
	if err != nil {
		f.Close()
		if err != notRegular {
			err = cannot(err)
		}
		return nil, nil, cannot, err
	}
	return f, st, cannot, nil
}

// HashFile is the digest of a file a build uses without holding its
// bytes (a font, which may be 30 MB and is loaded by the fonts package):
// it is read once, in blocks, under ReadFile's checks.
func HashFile(path, what string) ([32]byte, error) {
	var d [32]byte
	f, _, cannot, err := openRegular(path, what, "a file")
	if err != nil {
		return d, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return d, cannot(err)
	}
	h.Sum(d[:0])
	return d, nil
}

// Digest is the digest a build records for a file's bytes.
func Digest(data []byte) [32]byte { return sha256.Sum256(data) }
