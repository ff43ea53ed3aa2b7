package deflate

import (
	"bytes"
	"compress/flate"
	"compress/zlib"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// speeches reads the real texts; the test skips without them.
func speeches(t testing.TB) [][]byte {
	paths, _ := filepath.Glob("../../../shared/corpus/speeches/*.txt")
	if len(paths) == 0 {
		t.Skip("no speeches in ../shared/corpus/speeches")
	}
	var out [][]byte
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

// The standard library's readers (what PDF and EPUB readers implement)
// get back every byte.
func TestStandardReadersGetTheInputBack(t *testing.T) {
	inputs := append(speeches(t), nil, []byte("x"), bytes.Repeat([]byte("BT /F1 12 Tf ET\n"), 5000))
	var zb, fb bytes.Buffer
	zw, fw := NewZlib(&zb), NewFlate(&fb)
	for i, in := range inputs {
		zb.Reset()
		zw.Reset(&zb)
		zw.Write(in)
		zw.Close()
		zr, err := zlib.NewReader(bytes.NewReader(zb.Bytes()))
		if err != nil {
			t.Fatalf("input %d: zlib header: %v", i, err)
		}
		if got, err := io.ReadAll(zr); err != nil || !bytes.Equal(got, in) {
			t.Errorf("input %d: zlib round trip: %d of %d bytes, %v", i, len(got), len(in), err)
		}
		if got := AppendZlib([]byte("head"), in); !bytes.HasPrefix(got, []byte("head")) || !bytes.Equal(got[4:], zb.Bytes()) {
			t.Errorf("input %d: AppendZlib differs from a kept writer", i)
		}

		fb.Reset()
		fw.Reset(&fb)
		fw.Write(in)
		fw.Close()
		if got, err := io.ReadAll(flate.NewReader(&fb)); err != nil || !bytes.Equal(got, in) {
			t.Errorf("input %d: flate round trip: %d of %d bytes, %v", i, len(got), len(in), err)
		}
	}
}

// A reused writer compresses as a fresh one does, on any goroutine: so
// output does not depend on which worker compressed what.
func TestReusedWritersAreDeterministic(t *testing.T) {
	inputs := speeches(t)
	fresh := make([][]byte, len(inputs))
	for i, in := range inputs {
		fresh[i] = AppendZlib(nil, in)
	}
	var wg sync.WaitGroup
	got := make([][][]byte, 4)
	for g := range got {
		wg.Go(func() {
			var b bytes.Buffer
			z := NewZlib(&b)
			for k := range inputs {
				i := (k + g) % len(inputs) // each goroutine in another order
				b.Reset()
				z.Reset(&b)
				z.Write(inputs[i])
				z.Close()
				if got[g] == nil {
					got[g] = make([][]byte, len(inputs))
				}
				got[g][i] = bytes.Clone(b.Bytes())
			}
		})
	}
	wg.Wait()
	for g := range got {
		for i := range inputs {
			if !bytes.Equal(got[g][i], fresh[i]) {
				t.Errorf("goroutine %d, input %d: bytes differ from a fresh writer's", g, i)
			}
		}
	}
}

func BenchmarkZlibSpeeches(b *testing.B) {
	inputs := speeches(b)
	var buf bytes.Buffer
	z := NewZlib(&buf)
	for b.Loop() {
		for _, in := range inputs {
			buf.Reset()
			z.Reset(&buf)
			z.Write(in)
			z.Close()
		}
	}
}
