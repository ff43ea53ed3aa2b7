// Package work runs a fixed number of jobs on a bounded number of
// goroutines: the one worker pool of the program, so that every stage
// honours the same Workers setting and one worker means truly serial.
package work

import (
	"runtime"
	"sync"
)

// Count is the number of workers for a setting: GOMAXPROCS when n <= 0.
func Count(n int) int {
	if n <= 0 {
		return runtime.GOMAXPROCS(0)
	}
	return n
}

// Each calls the function that start returns for every i in [0, n), on
// at most Count(workers) goroutines. start is called once per goroutine,
// so that each can keep its own buffers. With one worker (or one job)
// every call is made in order on the calling goroutine.
func Each(workers, n int, start func() func(i int)) {
	w := min(Count(workers), n)
	if w <= 0 {
		return
	}
	if w == 1 {
		do := start()
		for i := 0; i < n; i++ {
			do(i)
		}
		return
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for k := 0; k < w; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			do := start()
			for i := range next {
				do(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}

// Do is Each for jobs that keep no state of their own.
func Do(workers, n int, do func(i int)) {
	Each(workers, n, func() func(int) { return do })
}
