# Sourcebook. `make reader` builds the bundled example; `make test` runs
# the tests (EPUBCheck, qpdf and poppler-utils are used when installed;
# with CI=true a missing validator fails the tests instead of skipping).

GO        ?= go
OUT       ?= out
READER    ?= examples/masoud-letter/reader.yaml
STATICCHECK_VERSION ?= v0.7.0

.PHONY: reader test lint bench build clean dist

build:
	$(GO) build -o bin/sourcebook ./cmd/sourcebook

reader:
	$(GO) run ./cmd/sourcebook build $(READER) -o $(OUT) -v

test:
	$(GO) vet ./...
	$(GO) test -count=1 -timeout 25m ./...

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@$(STATICCHECK_VERSION) ./...

# On real text (the speeches in ../shared/corpus/speeches): whole builds
# of 80 to 8,000 pages in fresh processes (wall and CPU time, pages per
# second, CPU per page, peak memory), a --watch rebuild and the
# one-document preview; then the print side's and the preview's
# benchmarks. docs/performance.md explains the tables. BENCH_FLAGS=-big=false
# leaves out the 8,000-page reader.
BENCH_FLAGS ?=
bench:
	$(GO) run ./cmd/sourcebook-bench $(BENCH_FLAGS)
	$(GO) test -run '^$$' -bench 'Preview' -benchtime 10x ./layouts/publish/
	$(GO) test -run '^$$' -bench 'Speeches|MultiCell' -cpu 1 -benchtime 5x ./layouts/pdf/

# Static binaries for teachers without Go (README: "Without Go"), with
# SHA-256 checksums. Not run on CI.
DIST_TARGETS ?= windows/amd64 darwin/amd64 darwin/arm64 linux/amd64
dist:
	rm -rf dist && mkdir -p dist
	@for t in $(DIST_TARGETS); do \
	  os=$${t%/*}; arch=$${t#*/}; ext=; [ $$os = windows ] && ext=.exe; \
	  echo "building dist/sourcebook-$$os-$$arch$$ext"; \
	  CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch $(GO) build -trimpath -ldflags "-s -w" -o dist/sourcebook-$$os-$$arch$$ext ./cmd/sourcebook || exit 1; \
	done
	cd dist && sha256sum sourcebook-* > SHA256SUMS && cat SHA256SUMS

clean:
	rm -rf $(OUT) bin dist
