package publish

import (
	"fmt"
	"hash/maphash"
	"io"
	"os"
	"path/filepath"
	"sync"
)

// stager writes a build's files to temporary files beside the files they
// are to replace, as the editions make them; Build renames them into
// place once every edition has rendered, or removes them all.
type stager struct {
	out   string
	cache *Cache
	mu    sync.Mutex
	ready map[string]bool // folders made and cleared of stale files
	made  []string        // folders this build created
	all   []*placed
}

// placed is one output of the build: staged in its temporary file, or
// left as it is (in --watch, the same bytes as the file last written).
type placed struct {
	name, path string
	s          *staged // nil once committed, or when unchanged
	sum        uint64  // the bytes' hash, for the cache
	size       int64
	key        [32]byte
}

// folder makes dir (and records it if new) and, once per build, removes
// the stale temporary files in it: not once per file, as the web
// edition writes hundreds into one.
func (st *stager) folder(dir string) error {
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.ready[dir] {
		return nil
	}
	var missing []string
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); err == nil || filepath.Dir(d) == d {
			break
		}
		missing = append(missing, d)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		if dir == filepath.Clean(st.out) {
			return fmt.Errorf("cannot create the output folder: %w", err)
		}
		return fmt.Errorf("cannot create the folder %s: %w", dir, err)
	}
	for i := len(missing) - 1; i >= 0; i-- {
		st.made = append(st.made, missing[i])
	}
	RemoveStale(dir)
	if st.ready == nil {
		st.ready = map[string]bool{}
	}
	st.ready[dir] = true
	return nil
}

// put writes o to its temporary file, unless the file already holds its
// bytes (--watch).
func (st *stager) put(o Output) (*placed, error) {
	path := filepath.Join(st.out, filepath.FromSlash(o.Name))
	if err := st.folder(filepath.Dir(path)); err != nil {
		return nil, err
	}
	pl := &placed{name: o.Name, path: path, key: o.Key}
	if st.cache.sameKey(path, o.Key) {
		return pl, nil
	}
	if o.Data == nil && o.Load != nil {
		data, err := o.Load()
		if err != nil {
			return nil, err
		}
		o.Data = data
	}
	write := o.Write
	if write == nil {
		pl.sum, pl.size = st.cache.hash(o.Data), int64(len(o.Data))
		if st.cache.unchanged(path, pl.sum, pl.size) {
			return pl, nil
		}
		write = func(w io.Writer) error {
			_, err := w.Write(o.Data)
			return err
		}
	} else if st.cache != nil {
		// Hashed as written, to leave an unchanged file as it is.
		inner := write
		write = func(w io.Writer) error {
			h := &hashWriter{w: w}
			h.h.SetSeed(st.cache.seed)
			if err := inner(h); err != nil {
				return err
			}
			pl.sum, pl.size = h.h.Sum64(), h.n
			return nil
		}
	}
	s, err := stage(path, write)
	if err != nil {
		return nil, err
	}
	pl.s = s
	st.mu.Lock()
	st.all = append(st.all, pl)
	st.mu.Unlock()
	return pl, nil
}

// commit renames the file into place (its folder is to be synced
// after), or drops it if the file there already holds the same bytes;
// it reports whether it renamed.
func (pl *placed) commit(c *Cache) (bool, error) {
	s := pl.s
	if s == nil {
		return false, nil
	}
	pl.s = nil
	if c != nil && c.unchanged(pl.path, pl.sum, pl.size) {
		s.abort()
		return false, nil
	}
	if err := s.rename(); err != nil {
		return false, err
	}
	c.wrote(pl.path, pl.sum, pl.key)
	return true, nil
}

// abort removes the temporary files not renamed into place, and the
// folders the build made if they are left empty.
func (st *stager) abort() {
	st.mu.Lock()
	defer st.mu.Unlock()
	for _, pl := range st.all {
		if pl.s != nil {
			pl.s.abort()
			pl.s = nil
		}
	}
	for i := len(st.made) - 1; i >= 0; i-- {
		os.Remove(st.made[i]) // only if empty
	}
}

// placedNamed finds the output with the given name.
func placedNamed(lists [][]*placed, name string) *placed {
	for _, l := range lists {
		for _, pl := range l {
			if pl.name == name {
				return pl
			}
		}
	}
	return nil
}

// hashWriter hashes what it passes on.
type hashWriter struct {
	w io.Writer
	h maphash.Hash
	n int64
}

func (h *hashWriter) Write(p []byte) (int, error) {
	h.h.Write(p)
	h.n += int64(len(p))
	return h.w.Write(p)
}
