package main

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"sync"
	"time"
)

// profile writes a CPU profile of the child's build to dir/cpu.pprof and,
// to dir/heap.pprof, the heap profile taken when the live heap was largest
// (sampled every 50 ms after each collection), which is what the peak
// RSS is made of. It returns the function that stops and writes both.
func profile(dir string) (func(), error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	cpu, err := os.Create(filepath.Join(dir, "cpu.pprof"))
	if err != nil {
		return nil, err
	}
	if err := pprof.StartCPUProfile(cpu); err != nil {
		return nil, err
	}
	runtime.MemProfileRate = 64 << 10
	var (
		mu   sync.Mutex
		best []byte
		max  uint64
		done = make(chan struct{})
		wg   sync.WaitGroup
	)
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
			}
			metrics.Read(sample)
			if live := sample[0].Value.Uint64(); live > max {
				var buf bytes.Buffer
				if pprof.Lookup("heap").WriteTo(&buf, 0) == nil {
					mu.Lock()
					max, best = live, buf.Bytes()
					mu.Unlock()
				}
			}
		}
	}()
	return func() {
		close(done)
		wg.Wait()
		pprof.StopCPUProfile()
		cpu.Close()
		mu.Lock()
		defer mu.Unlock()
		os.WriteFile(filepath.Join(dir, "heap.pprof"), best, 0o644)
	}, nil
}
