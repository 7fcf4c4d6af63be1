# cadence: build, test, benchmark.
#   make test   vet, race-checked tests (the slowest tests of pure logic without -race),
#               and a short run of every fuzz target (what CI runs)
#   make bench  one table (scripts/bench.sh): cold `cadence analyze` MB/s over the corpus's
#               FIT and GPX/TCX files, a plain read of them, the FIT reader alone, Garmin's
#               FIT SDK (decode only) on the same FIT files, `cadence report` per report,
#               the PNG encoders side by side on the corpus's dashboards, and the
#               heap held and allocated per file over 5,000 tiny GPX files
#   make bench-go / bench-sdk  the raw Go benchmarks / the SDK's own figure
#   make bench-archive  cold, unchanged and one-new-file runs of analyze and report over
#               a synthetic archive of 2,000 activities (N=200 make bench-archive for less)

GO        ?= go
CORPUS    ?= ../shared/corpus
PEERS     ?= ../shared/tools/peers
# Fuzz budgets are counts of executions, not durations: with a duration, Go 1.26's
# fuzz coordinator can fail a clean run with "context deadline exceeded" when the
# time runs out while a worker is busy (golang/go#75804, fixed in Go 1.27). The counts
# take about 10 s each on the 2-core development machine.
FUZZN      ?= 20000x
FUZZN_FAST ?= 50000x
FUZZN_SLOW ?= 400x
PEERS_TMP ?= /tmp/cadence-peers
# The slowest tests of pure logic (the whole corpus or a large synthetic archive
# through a reader or the pipeline) skip themselves under -race (skipUnderRace), which
# makes them about ten times slower and has no goroutines of theirs to check; the test
# target runs them here without it. internal/layout's TestNoRaceListed keeps these
# two lines in step with the tests.
NORACE      = TestReportFoldersSynthArchive|TestNoFootLandingClaims|TestTrendFromRecordsAthletes|TestRerunSameAsCold|TestTrendPlan|TestTrendFromRecordsCorpus|TestTrendFromRecordsPerFile|TestTrendFromRecordsTimeline|TestReferenceSQL|TestTrendSyntheticTimeline|TestFITFactoryMatchesStandard|TestXMLScanCorpusSameAsDecoder
NORACE_PKGS = ./cmd/cadence ./fitparse

.PHONY: build test fuzz bench bench-go bench-sdk bench-archive fmt clean

build:
	$(GO) build -o bin/cadence ./cmd/cadence

test:
	@test -z "$$(gofmt -l .)" || { echo "gofmt needed:"; gofmt -l .; exit 1; }
	$(GO) vet ./...
	CADENCE_PEERS=$${CADENCE_PEERS:-$$(bash scripts/peers.sh $(PEERS) $(PEERS_TMP))} $(GO) test -race -timeout 40m ./...
	$(GO) test -timeout 20m -run '^($(NORACE))$$' $(NORACE_PKGS)
	$(MAKE) fuzz

fuzz:
	$(GO) test ./fitparse -run '^$$' -fuzz '^FuzzParseFIT$$' -fuzztime $(FUZZN) -fuzzminimizetime 2s
	$(GO) test ./fitparse -run '^$$' -fuzz '^FuzzFITFactory$$' -fuzztime $(FUZZN) -fuzzminimizetime 2s
	$(GO) test ./fitparse/internal/fitfast -run '^$$' -fuzz '^FuzzDecode$$' -fuzztime $(FUZZN_FAST) -fuzzminimizetime 2s
	$(GO) test ./fitparse -run '^$$' -fuzz '^FuzzParseGPX$$' -fuzztime $(FUZZN_FAST) -fuzzminimizetime 2s
	$(GO) test ./fitparse -run '^$$' -fuzz '^FuzzParseTCX$$' -fuzztime $(FUZZN_FAST) -fuzzminimizetime 2s
	$(GO) test ./fitparse -run '^$$' -fuzz '^FuzzXMLScan$$' -fuzztime $(FUZZN_FAST) -fuzzminimizetime 2s
	$(GO) test ./fitparse -run '^$$' -fuzz '^FuzzXMLScanValues$$' -fuzztime $(FUZZN_FAST) -fuzzminimizetime 2s
	$(GO) test ./fitparse/internal/xmlscan -run '^$$' -fuzz '^FuzzScan$$' -fuzztime $(FUZZN_FAST) -fuzzminimizetime 2s
	$(GO) test ./fitparse/internal/xmlscan -run '^$$' -fuzz '^FuzzScanValues$$' -fuzztime $(FUZZN_FAST) -fuzzminimizetime 2s
	$(GO) test ./exportmeta -run '^$$' -fuzz '^FuzzStravaCSV$$' -fuzztime $(FUZZN_FAST) -fuzzminimizetime 2s
	$(GO) test ./exportmeta -run '^$$' -fuzz '^FuzzGarminJSON$$' -fuzztime $(FUZZN_FAST) -fuzzminimizetime 2s
	$(GO) test ./notes -run '^$$' -fuzz '^FuzzRead$$' -fuzztime $(FUZZN_FAST) -fuzzminimizetime 2s
	$(GO) test ./report/internal/vgpng -run '^$$' -fuzz '^FuzzEncode$$' -fuzztime 3000x -fuzzminimizetime 2s
	$(GO) test ./report/internal/vgpng -run '^$$' -fuzz '^FuzzCanvas$$' -fuzztime 5000x -fuzzminimizetime 2s
	$(GO) test ./cmd/cadence -run '^$$' -fuzz '^FuzzPipeline$$' -fuzztime $(FUZZN_SLOW) -fuzzminimizetime 2s
	$(GO) test ./ingest -run '^$$' -fuzz '^FuzzRead$$' -fuzztime 200x -fuzzminimizetime 2s
	$(GO) test ./fitwrite -run '^$$' -fuzz '^FuzzWrite$$' -fuzztime $(FUZZN) -fuzzminimizetime 2s
	$(GO) test ./history -run '^$$' -fuzz '^FuzzDecodeResult$$' -fuzztime $(FUZZN) -fuzzminimizetime 2s
	$(GO) test ./fitparse -run '^$$' -fuzz '^FuzzFITDevFields$$' -fuzztime $(FUZZN) -fuzzminimizetime 2s
	$(GO) test ./analysis -run '^$$' -fuzz '^FuzzLapWorkout$$' -fuzztime $(FUZZN) -fuzzminimizetime 2s
	$(GO) test ./activity -run '^$$' -fuzz '^FuzzPublicName$$' -fuzztime $(FUZZN_FAST) -fuzzminimizetime 2s
	$(GO) test ./report -run '^$$' -fuzz '^FuzzPublicFile$$' -fuzztime $(FUZZN_FAST) -fuzzminimizetime 2s
	$(GO) test ./report -run '^$$' -fuzz '^FuzzRecords$$' -fuzztime $(FUZZN_FAST) -fuzzminimizetime 2s
	$(GO) test ./cmd/cadence -run '^$$' -fuzz '^FuzzAthleteFolders$$' -fuzztime $(FUZZN) -fuzzminimizetime 2s

bench:
	GO=$(GO) CORPUS=$(CORPUS) PEERS=$(PEERS) PEERS_TMP=$(PEERS_TMP) bash scripts/bench.sh

bench-go:
	$(GO) test ./cmd/cadence -run '^$$' -bench 'AnalyzeCorpus' -benchtime 5x -count 3
	$(GO) test ./fitparse ./analysis ./report/... -run '^$$' -bench . -benchtime 1s

bench-archive:
	bash scripts/bench-archive.sh

bench-sdk:
	@if ! bash scripts/peers.sh $(PEERS) $(PEERS_TMP) >/dev/null; then echo "skipping the FIT SDK comparison"; exit 0; fi; \
	node $(PEERS_TMP)/fitsdk-cadence.mjs --bench 3 $(CORPUS)/fit/*.fit 2>&1 >/dev/null | tail -1

fmt:
	gofmt -w .

clean:
	rm -rf bin
