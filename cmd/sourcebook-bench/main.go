// Command sourcebook-bench measures whole builds on real text as a
// teacher runs them. It builds the sourcebook binary and makes readers of
// the speech corpus (../shared/corpus/speeches, read where it is): the 16
// speeches as they are, and the speeches repeated with varied apparatus
// up to about 200, 2,000 and 8,000 pages (gen.Speeches). Each edition
// (PDF, EPUB, web, all) is built in a fresh process, reporting wall
// time, CPU time (user+sys), pages per second, CPU per page and peak
// memory (the child's maximum resident set size); then a --watch rebuild
// after a one-word edit and the one-document preview (publish.Preview).
// `make bench` runs it.
package main

import (
	"bufio"
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"

	"sourcebook/book"
	"sourcebook/book/gen"
	"sourcebook/internal/memlimit"
	"sourcebook/layouts/publish"
)

func main() {
	if len(os.Args) == 5 && os.Args[1] == "-child" {
		if err := child(os.Args[2], os.Args[3], os.Args[4]); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	runs := flag.Int("runs", 3, "builds per measurement up to 2,000 pages; the least wall and CPU time are reported")
	bigRuns := flag.Int("big-runs", 1, "builds per measurement of the 8,000-page reader")
	big := flag.Bool("big", true, "include the 8,000-page reader")
	corpus := flag.String("speeches", "../shared/corpus/speeches", "folder of the speech corpus")
	editOnly := flag.Bool("edit-only", false, "measure only the ~2,000-page reader's cold build, --watch rebuild and preview")
	readers := flag.String("write-readers", "", "only write the benchmark's readers into this folder (one subfolder per size) and exit;\nbuild one with `sourcebook-bench -child DIR/N/reader.yaml FORMAT OUT`, profiled if SOURCEBOOK_BENCH_PROFILE names a folder")
	flag.Parse()
	if *readers != "" {
		for _, s := range sizes {
			m, err := gen.Speeches{Corpus: *corpus, Documents: s.docs, Seed: 1}.Write(filepath.Join(*readers, fmt.Sprint(s.docs)))
			if err != nil {
				fmt.Fprintln(os.Stderr, "sourcebook-bench:", err)
				os.Exit(1)
			}
			fmt.Println(s.name+":", m)
		}
		return
	}
	if err := run(*runs, *bigRuns, *big, *editOnly, *corpus); err != nil {
		fmt.Fprintln(os.Stderr, "sourcebook-bench:", err)
		os.Exit(1)
	}
}

// A size is one reader of the benchmark; docs 0 is the corpus as it is.
type size struct {
	name string
	docs int
	big  bool
}

// About 5.2 print pages per document with the generated apparatus.
var sizes = []size{
	{"16 speeches", 0, false},
	{"~200 pages", 38, false},
	{"~2,000 pages", 385, false},
	{"~8,000 pages", 1540, true},
}

// measured is one build: the least wall and CPU time over the runs and
// the largest peak RSS.
type measured struct {
	wall, cpu time.Duration
	rss       int64 // KiB
	pages     int
}

func run(runs, bigRuns int, big, editOnly bool, corpus string) error {
	if _, err := os.Stat(corpus); err != nil {
		return fmt.Errorf("the speech corpus is not at %s (give -speeches)", corpus)
	}
	tmp, err := os.MkdirTemp("", "sourcebook-bench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "sourcebook")
	if out, err := exec.Command("go", "build", "-o", bin, "./cmd/sourcebook").CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %v\n%s", err, out)
	}
	fmt.Printf("Sourcebook build benchmark on real text, %s, GOMAXPROCS default; least of %d runs (%d at 8,000 pages)\n\n", time.Now().Format("2006-01-02"), runs, bigRuns)
	fmt.Println("| reader | stage | pages | wall | CPU | pages/s | ms CPU/page | peak RSS |")
	fmt.Println("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
	all, both := map[string]measured{}, map[string]measured{}
	manifests := map[string]string{}
	for _, s := range sizes {
		if s.big && !big || editOnly && s != sizes[2] {
			continue
		}
		m, err := gen.Speeches{Corpus: corpus, Documents: s.docs, Seed: 1}.Write(filepath.Join(tmp, fmt.Sprint(s.docs)))
		if err != nil {
			return err
		}
		manifests[s.name] = m
		n := runs
		if s.big {
			n = bigRuns
		}
		formats := []string{"pdf", "epub", "web", "pdf,epub", "all"}
		if editOnly {
			formats = formats[4:]
		}
		for _, f := range formats {
			var best measured
			for i := 0; i < n; i++ {
				r, err := build(m, f, filepath.Join(tmp, "out"))
				if err != nil {
					return fmt.Errorf("%s: %v", s.name, err)
				}
				if i == 0 || r.wall < best.wall {
					best.wall = r.wall
				}
				if i == 0 || r.cpu < best.cpu {
					best.cpu = r.cpu
				}
				best.rss, best.pages = max(best.rss, r.rss), r.pages
			}
			if f == "all" {
				all[s.name] = best
			}
			if f == "pdf,epub" {
				both[s.name] = best
			}
			label := map[string]string{"pdf": "PDF", "epub": "EPUB", "web": "web", "pdf,epub": "PDF + EPUB", "all": "all"}[f]
			fmt.Printf("| %s | %s | %d | %.2f s | %.2f s | %.0f | %.2f | %d MB |\n", s.name, label, best.pages,
				best.wall.Seconds(), best.cpu.Seconds(), float64(best.pages)/best.wall.Seconds(),
				perPage(best.cpu, best.pages), best.rss/1024)
		}
	}
	fmt.Println()
	fmt.Println("Per page, the PDF and the EPUB together and every edition (`all`), from 200 pages up:")
	fmt.Println()
	fmt.Println("| reader | pages | PDF + EPUB: ms CPU/page | kB peak RSS/page | all: ms CPU/page | kB peak RSS/page |")
	fmt.Println("| --- | ---: | ---: | ---: | ---: | ---: |")
	for _, s := range sizes[1:] {
		if r, ok := all[s.name]; ok {
			b, cpu, rss := both[s.name], "–", "–"
			if b.pages > 0 {
				cpu, rss = fmt.Sprintf("%.2f", perPage(b.cpu, b.pages)), fmt.Sprintf("%.0f", float64(b.rss)/float64(b.pages))
			}
			fmt.Printf("| %s | %d | %s | %s | %.2f | %.0f |\n", s.name, r.pages, cpu, rss,
				perPage(r.cpu, r.pages), float64(r.rss)/float64(r.pages))
		}
	}
	small, large := all[sizes[1].name], all[sizes[len(sizes)-1].name]
	if !big {
		large = all[sizes[2].name]
	}
	if large.pages > small.pages {
		fmt.Printf("\nMemory grows by %.0f kB per page between %d and %d pages.\n",
			float64(large.rss-small.rss)/float64(large.pages-small.pages), small.pages, large.pages)
	}

	m2 := manifests[sizes[2].name]
	fmt.Println()
	fmt.Println("After a one-word edit in one document of the ~2,000-page reader (median of 7 edits):")
	fmt.Println()
	w, err := watchRebuild(bin, m2, filepath.Join(tmp, "watch-out"), 7)
	if err != nil {
		return fmt.Errorf("watch: %v", err)
	}
	c := all[sizes[2].name]
	pct := func(a, b time.Duration) string {
		if b == 0 {
			return "–"
		}
		return fmt.Sprintf("%.0f %%", 100*a.Seconds()/b.Seconds())
	}
	fmt.Println("| what | wall | of a cold build | CPU | of a cold build |")
	fmt.Println("| --- | ---: | ---: | ---: | ---: |")
	fmt.Printf("| cold build, fresh process (all editions) | %.2f s | 100 %% | %.2f s | 100 %% |\n", c.wall.Seconds(), c.cpu.Seconds())
	fmt.Printf("| first build in `--watch` | %.2f s | %s | %.2f s | %s |\n", w.first.Seconds(), pct(w.first, c.wall), w.firstCPU.Seconds(), pct(w.firstCPU, c.cpu))
	fmt.Printf("| `--watch` rebuild (all editions) | %.2f s | %s | %.2f s | %s |\n", w.rebuild.Seconds(), pct(w.rebuild, c.wall), w.rebuildCPU.Seconds(), pct(w.rebuildCPU, c.cpu))
	pv, pvCPU, err := preview(m2, filepath.Join(tmp, "preview-out"), 7)
	if err != nil {
		return fmt.Errorf("preview: %v", err)
	}
	fmt.Printf("| one-document preview (`publish.Preview`) | %.0f ms | %s | %.0f ms | %s |\n", 1000*pv.Seconds(), pct(pv, c.wall), 1000*pvCPU.Seconds(), pct(pvCPU, c.cpu))
	return nil
}

func perPage(d time.Duration, pages int) float64 {
	if pages == 0 {
		return 0
	}
	return 1000 * d.Seconds() / float64(pages)
}

var pagesRE = regexp.MustCompile(`\((\d+) print pages\)`)

// child is one build in a fresh process, as `sourcebook build` makes it
// (book.Load, then publish.Build, under the same memory limit), except
// that the reader's text may exceed the 16 MB a teacher's reader is
// allowed (Limits.TextBytes): the 8,000-page reader of real speeches
// has about 22 MB.
func child(manifest, format, out string) error {
	if os.Getenv("GOMEMLIMIT") == "" {
		memlimit.Start(256<<20, 700<<20) // as cmd/sourcebook
	}
	if dir := os.Getenv("SOURCEBOOK_BENCH_PROFILE"); dir != "" {
		stop, err := profile(dir)
		if err != nil {
			return err
		}
		defer stop()
	}
	lim := book.DefaultLimits()
	lim.TextBytes = 64 << 20
	b, err := book.Load(manifest, book.Options{Limits: lim})
	if err != nil {
		return err
	}
	fs, err := publish.ParseFormats(format)
	if err != nil {
		return err
	}
	res, err := publish.Build(b, publish.Options{OutDir: out, Formats: fs})
	if err != nil {
		return err
	}
	fmt.Printf("built (%d print pages)\n", res.Pages)
	return nil
}

// build runs one build in a new process (this program, as child).
func build(manifest, format, out string) (measured, error) {
	os.RemoveAll(out)
	self, err := os.Executable()
	if err != nil {
		return measured{}, err
	}
	cmd := exec.Command(self, "-child", manifest, format, out)
	cmd.Env = append(os.Environ(), "SOURCE_DATE_EPOCH=1767225600")
	start := time.Now()
	output, err := cmd.CombinedOutput()
	r := measured{wall: time.Since(start)}
	if err != nil {
		return r, fmt.Errorf("%v\n%s", err, output)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.rss = ru.Maxrss
		r.cpu = time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	}
	if m := pagesRE.FindStringSubmatch(string(output)); m != nil {
		r.pages, _ = strconv.Atoi(m[1])
	}
	return r, nil
}

var builtRE = regexp.MustCompile(`built .* in ([0-9.]+)s`)

// edit changes one word of a source's first paragraph, which holds no
// anchor of the generated apparatus (gen.Speeches): "the" becomes "a",
// or "Now" is added where it has no "the".
func edit(file string) error {
	data, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	start := bytes.Index(data, []byte("\n---\n"))
	if start < 0 {
		return fmt.Errorf("%s has no front matter", file)
	}
	start += 5
	end := bytes.Index(data[start:], []byte("\n\n"))
	if end < 0 {
		end = len(data) - start
	}
	k := bytes.Index(data[start:start+end], []byte(" the "))
	var out []byte
	if k >= 0 {
		k += start
		out = append(append(data[:k:k], " a "...), data[k+5:]...)
	} else {
		out = append(append(data[:start:start], "Now "...), data[start:]...)
	}
	return os.WriteFile(file, out, 0o644)
}

// editTarget is the source edited on the i-th edit: a document near the
// middle of the reader, a different one each time.
func editTarget(manifest string, i int) (string, error) {
	srcs, _ := filepath.Glob(filepath.Join(filepath.Dir(manifest), "sources", "*.md"))
	if len(srcs) == 0 {
		return "", fmt.Errorf("no sources")
	}
	return srcs[(i*37+len(srcs)/2)%len(srcs)], nil
}

// watched is what watchRebuild measures: the times the watcher reports
// (its first build, the median rebuild) and the CPU time the process
// spent on each (from /proc, where there is one).
type watched struct {
	first, rebuild, firstCPU, rebuildCPU time.Duration
}

// procCPU is the user+sys time of a running process, from
// /proc/PID/stat (in clock ticks, taken as 1/100 s); 0 where there is
// no /proc.
func procCPU(pid int) time.Duration {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// The fields after the command name, which is in parentheses.
	f := strings.Fields(string(data[bytes.LastIndexByte(data, ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	u, _ := strconv.Atoi(f[11])
	s, _ := strconv.Atoi(f[12])
	return time.Duration(u+s) * 10 * time.Millisecond
}

// watchRebuild starts `sourcebook build --watch`, then edits one word of
// a different source n times, each after the last rebuild, and reports
// the first build and the median rebuild.
func watchRebuild(bin, manifest, out string, n int) (watched, error) {
	var w watched
	cmd := exec.Command(bin, "build", manifest, "-o", out, "--watch", "-v")
	cmd.Env = append(os.Environ(), "SOURCE_DATE_EPOCH=1767225600")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return w, err
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return w, err
	}
	defer func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	}()
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	next := func() (float64, error) {
		timeout := time.After(60 * time.Second)
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					return 0, fmt.Errorf("the watcher stopped")
				}
				if m := builtRE.FindStringSubmatch(l); m != nil {
					return strconv.ParseFloat(m[1], 64)
				}
			case <-timeout:
				return 0, fmt.Errorf("no build reported within a minute\n%s", stderr.String())
			}
		}
	}
	first, err := next()
	if err != nil {
		return w, err
	}
	w.first, w.firstCPU = secs(first), procCPU(cmd.Process.Pid)
	var times []float64
	var cpus []float64
	for i := 0; i < n; i++ {
		f, err := editTarget(manifest, i)
		if err != nil {
			return w, err
		}
		before := procCPU(cmd.Process.Pid)
		if err := edit(f); err != nil {
			return w, err
		}
		s, err := next()
		if err != nil {
			return w, err
		}
		times = append(times, s)
		cpus = append(cpus, (procCPU(cmd.Process.Pid) - before).Seconds())
	}
	w.rebuild, w.rebuildCPU = secs(median(times)), secs(median(cpus))
	return w, nil
}

func secs(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

func median(v []float64) float64 {
	sort.Float64s(v)
	return v[len(v)/2]
}

// preview times publish.Preview after a one-word edit, in this process,
// as the teacher's desk would call it: the reader is built once to fill
// the cache, then after each edit the edited document's pages are laid
// out and written as a PDF.
func preview(manifest, out string, n int) (time.Duration, time.Duration, error) {
	os.Setenv("SOURCE_DATE_EPOCH", "1767225600")
	cache := publish.NewCache()
	b, err := book.Load(manifest, book.Options{Cache: cache.Book})
	if err != nil {
		return 0, 0, err
	}
	if _, err := publish.Build(b, publish.Options{OutDir: out, Cache: cache}); err != nil {
		return 0, 0, err
	}
	var times, cpus []float64
	for i := 0; i < n; i++ {
		f, err := editTarget(manifest, i)
		if err != nil {
			return 0, 0, err
		}
		if err := edit(f); err != nil {
			return 0, 0, err
		}
		c0 := selfCPU()
		start := time.Now()
		if _, err := publish.Preview(manifest, sourceID(f), publish.Options{Cache: cache}); err != nil {
			return 0, 0, err
		}
		times = append(times, time.Since(start).Seconds())
		cpus = append(cpus, (selfCPU() - c0).Seconds())
	}
	return secs(median(times)), secs(median(cpus)), nil
}

// selfCPU is this process's user+sys time so far.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func sourceID(file string) string {
	base := filepath.Base(file)
	return base[:len(base)-len(filepath.Ext(base))]
}
