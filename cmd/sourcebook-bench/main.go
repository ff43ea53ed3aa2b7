// Command sourcebook-bench measures whole builds as a teacher runs them:
// it builds the sourcebook binary, generates readers of 10, 100 and 1,000
// documents (about 20, 200 and 2,000 pages), imports the shared speech
// corpus when it is beside the repository, and times each edition in a
// fresh process, reporting wall time, pages per second and peak memory
// (the child's maximum resident set size). `make bench` runs it.
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

	"sourcebook/book/gen"
	"sourcebook/book/importer"
)

func main() {
	runs := flag.Int("runs", 3, "builds per measurement; the fastest is reported")
	corpus := flag.String("speeches", "../shared/corpus/speeches", "folder of the speech corpus (skipped if missing)")
	flag.Parse()
	if err := run(*runs, *corpus); err != nil {
		fmt.Fprintln(os.Stderr, "sourcebook-bench:", err)
		os.Exit(1)
	}
}

type reader struct{ name, manifest string }

func run(runs int, corpus string) error {
	tmp, err := os.MkdirTemp("", "sourcebook-bench")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	bin := filepath.Join(tmp, "sourcebook")
	if out, err := exec.Command("go", "build", "-o", bin, "./cmd/sourcebook").CombinedOutput(); err != nil {
		return fmt.Errorf("go build: %v\n%s", err, out)
	}
	var readers []reader
	for _, n := range []int{10, 100, 1000} {
		p, err := gen.Reader{Documents: n, Seed: 1}.Write(filepath.Join(tmp, fmt.Sprintf("gen%d", n)))
		if err != nil {
			return err
		}
		readers = append(readers, reader{fmt.Sprintf("generated, %d documents", n), p})
	}
	if _, err := os.Stat(corpus); err == nil {
		p, err := speeches(corpus, filepath.Join(tmp, "speeches"))
		if err != nil {
			return err
		}
		readers = append(readers, reader{"16 speeches", p})
	}
	fmt.Printf("Sourcebook build benchmark, %s, GOMAXPROCS default, best of %d runs\n\n", time.Now().Format("2006-01-02"), runs)
	cold := map[string]time.Duration{}
	fmt.Println("| reader | edition | pages | wall time | pages/s | peak RSS |")
	fmt.Println("| --- | --- | ---: | ---: | ---: | ---: |")
	for _, r := range readers {
		for _, ed := range []string{"pdf", "epub", "all"} {
			best, rss, pages := time.Duration(0), int64(0), 0
			for i := 0; i < runs; i++ {
				d, m, p, err := build(bin, r.manifest, ed, filepath.Join(tmp, "out"))
				if err != nil {
					return fmt.Errorf("%s: %v", r.name, err)
				}
				if best == 0 || d < best {
					best = d
				}
				rss = max(rss, m)
				pages = p
			}
			pps := "–"
			if ed != "epub" {
				pps = strconv.Itoa(int(float64(pages) / best.Seconds()))
			}
			if ed == "all" {
				cold[r.manifest] = best
			}
			label := map[string]string{"pdf": "PDF", "epub": "EPUB", "all": "both"}[ed]
			fmt.Printf("| %s | %s | %d | %.2f s | %s | %d MB |\n", r.name, label, pages, best.Seconds(), pps, rss/1024)
		}
	}
	fmt.Println()
	fmt.Println("Rebuilds in `sourcebook build --watch` (both editions) after a one-word edit to one source, median of 7:")
	fmt.Println()
	fmt.Println("| reader | cold build | rebuild | rebuild / cold |")
	fmt.Println("| --- | ---: | ---: | ---: |")
	for _, r := range readers {
		d, err := watchRebuild(bin, r.manifest, filepath.Join(tmp, "watch-out"), 7)
		if err != nil {
			return fmt.Errorf("%s: watch: %v", r.name, err)
		}
		fmt.Printf("| %s | %.2f s | %.2f s | %.0f %% |\n", r.name, cold[r.manifest].Seconds(), d.Seconds(), 100*d.Seconds()/cold[r.manifest].Seconds())
	}
	return nil
}

var builtRE = regexp.MustCompile(`built .* in ([0-9.]+)s`)

// watchRebuild starts `sourcebook build --watch`, then edits one word of
// a different source n times, each after the last rebuild, and returns
// the median rebuild time the command reports.
func watchRebuild(bin, manifest, out string, n int) (time.Duration, error) {
	srcs, _ := filepath.Glob(filepath.Join(filepath.Dir(manifest), "sources", "*.md"))
	if len(srcs) == 0 {
		return 0, fmt.Errorf("no sources")
	}
	cmd := exec.Command(bin, "build", manifest, "-o", out, "--watch", "-v")
	cmd.Env = append(os.Environ(), "SOURCE_DATE_EPOCH=1767225600")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return 0, err
	}
	if err := cmd.Start(); err != nil {
		return 0, err
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
				return 0, fmt.Errorf("no build reported within a minute")
			}
		}
	}
	if _, err := next(); err != nil {
		return 0, err
	}
	var times []float64
	for i := 0; i < n; i++ {
		f := srcs[(i*37+len(srcs)/2)%len(srcs)]
		data, err := os.ReadFile(f)
		if err != nil {
			return 0, err
		}
		// Replace the last "the" with "a" (or add "a" where there is none).
		k, cut := bytes.LastIndex(data, []byte(" the ")), 5
		if k < 0 {
			k, cut = bytes.LastIndex(data, []byte(" ")), 1
		}
		data = append(data[:k:k], append([]byte(" a "), data[k+cut:]...)...)
		if err := os.WriteFile(f, data, 0o644); err != nil {
			return 0, err
		}
		s, err := next()
		if err != nil {
			return 0, err
		}
		times = append(times, s)
	}
	sort.Float64s(times)
	return time.Duration(times[len(times)/2] * float64(time.Second)), nil
}

var pagesRE = regexp.MustCompile(`\((\d+) print pages\)`)

// build runs one build in a new process and returns its wall time, the
// child's peak resident set size in KiB and the print page count.
func build(bin, manifest, format, out string) (time.Duration, int64, int, error) {
	cmd := exec.Command(bin, "build", manifest, "-o", out, "--format", format, "-v")
	cmd.Env = append(os.Environ(), "SOURCE_DATE_EPOCH=1767225600")
	start := time.Now()
	output, err := cmd.CombinedOutput()
	d := time.Since(start)
	if err != nil {
		return 0, 0, 0, fmt.Errorf("%v\n%s", err, output)
	}
	var rss int64
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		rss = ru.Maxrss
	}
	pages := 0
	if m := pagesRE.FindStringSubmatch(string(output)); m != nil {
		pages, _ = strconv.Atoi(m[1])
	}
	return d, rss, pages, nil
}

// speeches imports the corpus as a teacher would and writes a reader of
// all of it.
func speeches(corpus, dir string) (string, error) {
	rs, errs := importer.ImportPaths([]string{corpus})
	if len(errs) > 0 {
		return "", errs[0]
	}
	if _, err := importer.WriteAll(filepath.Join(dir, "sources"), rs, false); err != nil {
		return "", err
	}
	var ids []string
	for _, r := range rs {
		ids = append(ids, r.Source.ID)
	}
	m := "title: Cold War Speeches\ndate: 2026-01-01\nname: speeches\nitems: [" + strings.Join(ids, ", ") + "]\n"
	p := filepath.Join(dir, "reader.yaml")
	return p, os.WriteFile(p, []byte(m), 0o644)
}
