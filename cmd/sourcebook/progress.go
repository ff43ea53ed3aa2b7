package main

import (
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progressDelay is how long a build runs before a spinner appears: quick
// builds should print nothing but their result.
const progressDelay = time.Second

// isTerminal reports whether w is a terminal; progress and the summary
// line are for people watching, not for scripts and log files.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// progress is a spinner with a description of the current step, shown
// only once the work has taken longer than its delay. A nil *progress
// does nothing, so callers need not check whether it is shown.
type progress struct {
	mu   sync.Mutex
	w    io.Writer
	desc string
	bar  *progressbar.ProgressBar
	done chan struct{}
	wg   sync.WaitGroup
}

// startProgress starts the clock; the spinner is drawn on w after delay.
// publish.Build reports no progress of its own, so the spinner shows the
// step and the elapsed time rather than a percentage.
func startProgress(w io.Writer, delay time.Duration, desc string) *progress {
	p := &progress{w: w, desc: desc, done: make(chan struct{})}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		t := time.NewTimer(delay)
		defer t.Stop()
		select {
		case <-p.done:
			return
		case <-t.C:
		}
		p.mu.Lock()
		defer p.mu.Unlock()
		p.bar = progressbar.NewOptions(-1,
			progressbar.OptionSetWriter(p.w),
			progressbar.OptionSetDescription(p.desc),
			progressbar.OptionSpinnerType(14),
			progressbar.OptionSetElapsedTime(true),
			progressbar.OptionClearOnFinish(),
		)
		p.bar.RenderBlank()
	}()
	return p
}

// step changes the description of what is being done.
func (p *progress) step(desc string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.desc = desc
	if p.bar != nil {
		p.bar.Describe(desc)
	}
}

// stop removes the spinner, leaving the line clean for the result.
func (p *progress) stop() {
	if p == nil {
		return
	}
	close(p.done)
	p.wg.Wait()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		p.bar.Finish()
	}
}
