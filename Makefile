# tutord — the two commands a newcomer needs:
#   make run    build and start the tutor
#   make test   build and run every test
SWIFT      ?= swift
PREFIX     ?= /usr/local
BUILD_DIR  := .build
DEBUG_BIN  := $(BUILD_DIR)/debug
COURSES    := $(wildcard Dialogues/*.dialogue)

# System packages: ncursesw for building `tutor` (libncursesw5-dev, found with pkg-config),
# and what the tests drive for real: nc (netcat-openbsd), tmux, systemd-socket-activate and
# systemd-analyze (systemd), setpriv and prlimit (util-linux), useradd (passwd) for the tests
# that need a second Unix user, python3 (the courses' runnable snippets are checked with it),
# jq (the README's JSON recipe is run as printed) and man-db (the installed pages are rendered).
# postgresql: the store tests start a server of their own (initdb, pg_ctl; not the system's).
# strace: the durability test counts the syncs the daemon makes per acknowledged change.
SYSTEM_PACKAGES := libncursesw5-dev pkg-config netcat-openbsd tmux systemd util-linux passwd python3 jq man-db postgresql strace procps
SYSTEM_COMMANDS := pkg-config nc tmux systemd-socket-activate systemd-analyze setpriv prlimit useradd python3 jq man strace pgrep

# Installation (make install PREFIX=~/.local). CONFIG=debug installs the debug build.
CONFIG     ?= release
BINDIR     := $(PREFIX)/bin
DATADIR    := $(PREFIX)/share
DIALOGUEDIR := $(DATADIR)/tutord/dialogues
DOCDIR     := $(DATADIR)/doc/tutord
MANDIR     := $(DATADIR)/man/man1
UNITDIR    := $(DATADIR)/systemd/user
# The classroom's system units (a system-wide daemon for a class; docs/classroom.md).
SYSTEMUNITDIR := $(PREFIX)/lib/systemd/system
MANIFEST   := $(DATADIR)/tutord/install-manifest

.PHONY: all deps build release run test tsan fuzz fuzz-build check-courses bench bench-deps clean install uninstall

all: build

# Installs missing system packages with apt-get (as root, or through sudo).
deps:
	@missing=""; for c in $(SYSTEM_COMMANDS); do command -v $$c >/dev/null 2>&1 || missing=1; done; \
	pkg-config --exists ncursesw 2>/dev/null || missing=1; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing=1; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi; \
		echo "installing $(SYSTEM_PACKAGES)"; \
		$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; \
	fi

build: deps
	$(SWIFT) build

# Release builds link the Swift runtime and Foundation (with ICU) into the executables:
# socket activation's spawn to first reply went from a median of 33.5 ms to 23.8 ms (six runs
# each, load 6-8), because ld.so no longer loads and relocates 14 Swift libraries before main
# (docs/benchmarks.md).
# The cost is size (tutord stripped: 23 MB to 84 MB). Debug and test builds stay dynamic.
# The flag changes every module's build, so a release build without it builds everything again.
STATIC_STDLIB := --static-swift-stdlib
release:
	$(SWIFT) build -c release $(STATIC_STDLIB)

# The chat client; it starts tutord (from this build, with the checkout's Dialogues) if none is running.
run: build
	$(DEBUG_BIN)/tutor

# Each stage prints how long it took (`stage: N s`), so a slow CI run says where its time went.
STAGE = @echo "== $(2): $(1)"; start=$$(date +%s); $(1); status=$$?; echo "stage $(2): $$(( $$(date +%s) - start )) s"; exit $$status
# The end-to-end suite runs once, against the ThreadSanitizer build (the tsan stage), not
# also against the debug build; its one test the sanitizer cannot run (a full disk) runs here.
test:
	$(call STAGE,$(MAKE) build,build)
	$(call STAGE,$(SWIFT) test --skip EndToEndTests && $(SWIFT) test --filter aFullDiskGivesStorageErrors,swift test)
	$(call STAGE,$(DEBUG_BIN)/tutord check --strict $(COURSES),course check)
	$(call STAGE,Tests/Shell/run-all $(DEBUG_BIN),shell tests)
	$(call STAGE,$(MAKE) tsan,thread sanitizer)
	$(call STAGE,$(MAKE) fuzz FUZZ_SECONDS=20,fuzz)

# The end-to-end suite against a ThreadSanitizer build of tutord (its racing learners, kill -9
# under load, reloads and shutdowns in flight). A report stops that daemon (so its test fails)
# and is kept in $(TSAN_LOGS); any report fails the target. The full-disk test is left out:
# the sanitizer's runtime cannot start under a file-size limit.
TSAN_LOGS := $(BUILD_DIR)-tsan/reports
tsan: deps
	$(SWIFT) build --product tutord --sanitize=thread --scratch-path $(BUILD_DIR)-tsan
	rm -rf $(TSAN_LOGS) && mkdir -p $(TSAN_LOGS)
	TUTORD_BIN=$(CURDIR)/$(BUILD_DIR)-tsan/debug/tutord \
	TSAN_OPTIONS="halt_on_error=1 exitcode=66 log_path=$(CURDIR)/$(TSAN_LOGS)/tsan" \
	  $(SWIFT) test --filter EndToEndTests --skip aFullDiskGivesStorageErrors
	@if ls $(TSAN_LOGS)/tsan* >/dev/null 2>&1; then cat $(TSAN_LOGS)/tsan*; echo "ThreadSanitizer reported the above"; exit 1; fi
	@echo "ThreadSanitizer: no reports"

# libFuzzer targets (Tests/Fuzz), the five of FUZZ_TARGETS: the request tokenizer, the line
# decoder, the dialogue parser with its validator, the answer matcher and the NerdSip importer,
# each run FUZZ_SECONDS from its seed corpus under
# AddressSanitizer; any crash, leak, timeout or blow-up of memory fails. The targets exist only
# with TUTORD_FUZZ set (Package.swift) and build in their own folder. SwiftPM passes
# --sanitize=fuzzer and address as two flags, of which swiftc keeps only the last, so the pair
# is passed again as one.
FUZZ_SECONDS ?= 60
FUZZ_TARGETS := request-tokenizer line-decoder dialogue-parser answer-matcher nerdsip-import
FUZZ_BUILD   := TUTORD_FUZZ=1 $(SWIFT) build -c release --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address --scratch-path $(BUILD_DIR)-fuzz
fuzz-build:
	@set -e; mkdir -p $(BUILD_DIR)-fuzz; for target in $(FUZZ_TARGETS); do \
	  $(FUZZ_BUILD) --product fuzz-$$target >$(BUILD_DIR)-fuzz/build.log 2>&1 || { grep -v 'ld.gold: warning' $(BUILD_DIR)-fuzz/build.log; exit 1; }; \
	  tail -1 $(BUILD_DIR)-fuzz/build.log; \
	done
fuzz: fuzz-build
	Tests/Fuzz/run $(BUILD_DIR)-fuzz/release $(FUZZ_SECONDS) $(FUZZ_TARGETS)

check-courses: build
	$(DEBUG_BIN)/tutord check --strict $(COURSES)

# Speed figures (release build); see docs/benchmarks.md. First tutord against Redis and MPD
# in the same run (`compare` starts both on private sockets; installed here when missing,
# `make test` does not need them), then tutord's own figures.
BENCH_PACKAGES := redis-server mpd
bench-deps:
	@if ! command -v redis-server >/dev/null 2>&1 || ! command -v mpd >/dev/null 2>&1; then \
		if [ "$$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi; \
		echo "installing $(BENCH_PACKAGES)"; \
		$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $(BENCH_PACKAGES) >/dev/null; \
	fi

# Ends with one table of every goal of the performance issue (`goals`, which reads the server
# CPU figures of this run's `compare`); docs/benchmarks.md starts with it.
BENCH_FIGURES := $(BUILD_DIR)/bench-compare.json
BENCH_CLASS   := $(BUILD_DIR)/bench-class-sqlite.json $(BUILD_DIR)/bench-class-postgres.json
bench: deps release bench-deps
	rm -f $(BENCH_FIGURES) $(BENCH_CLASS)
	$(BUILD_DIR)/release/tutord-bench compare --figures $(BENCH_FIGURES)
	$(BUILD_DIR)/release/tutord-bench parse
	$(BUILD_DIR)/release/tutord-bench conversation
	$(BUILD_DIR)/release/tutord-bench store --workload answer
	$(BUILD_DIR)/release/tutord-bench store --workload turn
	$(BUILD_DIR)/release/tutord-bench startup
	$(BUILD_DIR)/release/tutord-bench load --workload ping --connections 100 --client-threads 2
	$(BUILD_DIR)/release/tutord-bench load --workload turn --connections 100 --client-threads 2
	$(BUILD_DIR)/release/tutord-bench load --workload turn --connections 1000 --client-threads 2
	$(BUILD_DIR)/release/tutord-bench load --workload answer --connections 100 --client-threads 2
	$(BUILD_DIR)/release/tutord-bench load --workload review --connections 100 --client-threads 2
	$(BUILD_DIR)/release/tutord-bench load --workload ask --connections 100 --client-threads 2
	$(BUILD_DIR)/release/tutord-bench load --workload answer --connections 100 --client-threads 2 --seconds 4 --kill-after 2
	$(BUILD_DIR)/release/tutord-bench idle --connections 10000 --client-threads 2
	$(BUILD_DIR)/release/tutord-bench bystander
	$(BUILD_DIR)/release/tutord-bench pipeline-flood
	$(BUILD_DIR)/release/tutord-bench paste
	$(BUILD_DIR)/release/tutord-bench load --workload answer --connections 100 --client-threads 2 --postgres
	$(BUILD_DIR)/release/tutord-bench load --workload answer --connections 100 --client-threads 2 --postgres --instances 2
	$(BUILD_DIR)/release/tutord-bench class --goal-rows $(BUILD_DIR)/bench-class-sqlite.json
	$(BUILD_DIR)/release/tutord-bench class --postgres --stall --goal-rows $(BUILD_DIR)/bench-class-postgres.json
	$(BUILD_DIR)/release/tutord-bench goals --compare-figures $(BENCH_FIGURES) --goal-rows $(BENCH_CLASS)

# Installs tutord, the courses, the systemd user units (paths filled in), man pages and shell
# completions, and records every file in $(MANIFEST) (before writing it, so even a failed
# install can be undone) so `make uninstall` removes exactly those.
install:
	$(SWIFT) build -c $(CONFIG) $(if $(filter release,$(CONFIG)),$(STATIC_STDLIB)) --product tutord
	$(SWIFT) build -c $(CONFIG) $(if $(filter release,$(CONFIG)),$(STATIC_STDLIB)) --product tutor
	@set -e; \
	prefix="$(PREFIX)"; manifest="$(MANIFEST)"; bin="$(BUILD_DIR)/$(CONFIG)"; \
	mkdir -p "$(BINDIR)" "$(DIALOGUEDIR)" "$(DOCDIR)" "$(MANDIR)" "$(UNITDIR)" "$(SYSTEMUNITDIR)" \
	  "$(DATADIR)/bash-completion/completions" "$(DATADIR)/zsh/site-functions" "$(DATADIR)/fish/vendor_completions.d"; \
	touch "$$manifest"; \
	put() { echo "$$3" >> "$$manifest"; install -m "$$1" "$$2" "$$3"; }; \
	put 755 "$$bin/tutord" "$(BINDIR)/tutord"; \
	put 755 "$$bin/tutor" "$(BINDIR)/tutor"; \
	for course in $(COURSES); do put 644 "$$course" "$(DIALOGUEDIR)/$$(basename $$course)"; done; \
	for doc in docs/*.md; do put 644 "$$doc" "$(DOCDIR)/$$(basename $$doc)"; done; \
	tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	for unit in systemd/tutord.socket systemd/tutord.service systemd/tutord-classroom.socket systemd/tutord-classroom.service; do \
	  case "$$unit" in *classroom*) dir="$(SYSTEMUNITDIR)" ;; *) dir="$(UNITDIR)" ;; esac; \
	  sed -e "s|@BINDIR@|$(BINDIR)|g" -e "s|@DOCDIR@|$(DOCDIR)|g" -e "s|@DIALOGUEDIR@|$(DIALOGUEDIR)|g" "$$unit" > "$$tmp/$$(basename $$unit)"; \
	  put 644 "$$tmp/$$(basename $$unit)" "$$dir/$$(basename $$unit)"; \
	done; \
	for page in docs/man/*.1.in; do \
	  name=$$(basename $$page .in); \
	  sed -e "s|@DOCDIR@|$(DOCDIR)|g" -e "s|@DIALOGUEDIR@|$(DIALOGUEDIR)|g" -e "s|@UNITDIR@|$(UNITDIR)|g" \
	      -e "s|@SYSTEMUNITDIR@|$(SYSTEMUNITDIR)|g" "$$page" > "$$tmp/$$name"; \
	  put 644 "$$tmp/$$name" "$(MANDIR)/$$name"; \
	done; \
	for tool in tutord tutor; do \
	  "$$bin/$$tool" --generate-completion-script bash > "$$tmp/$$tool.bash"; \
	  "$$bin/$$tool" --generate-completion-script zsh > "$$tmp/_$$tool"; \
	  "$$bin/$$tool" --generate-completion-script fish > "$$tmp/$$tool.fish"; \
	  put 644 "$$tmp/$$tool.bash" "$(DATADIR)/bash-completion/completions/$$tool"; \
	  put 644 "$$tmp/_$$tool" "$(DATADIR)/zsh/site-functions/_$$tool"; \
	  put 644 "$$tmp/$$tool.fish" "$(DATADIR)/fish/vendor_completions.d/$$tool.fish"; \
	done; \
	sort -u -o "$$manifest" "$$manifest"; \
	echo "installed $$(wc -l < "$$manifest") files under $$prefix (list: $$manifest)"

# Removes exactly the files `make install` recorded, then the directories that became empty.
uninstall:
	@set -e; manifest="$(MANIFEST)"; \
	if [ ! -f "$$manifest" ]; then echo "nothing to uninstall: no $$manifest"; exit 0; fi; \
	while IFS= read -r file; do rm -f "$$file"; done < "$$manifest"; \
	prune() { d=$$(dirname "$$1"); while [ "$$d" != "$(PREFIX)" ] && [ "$$d" != / ] && rmdir "$$d" 2>/dev/null; do d=$$(dirname "$$d"); done; }; \
	while IFS= read -r file; do prune "$$file"; done < "$$manifest"; \
	rm -f "$$manifest"; prune "$$manifest"; \
	echo "uninstalled tutord from $(PREFIX)"

clean:
	rm -rf $(BUILD_DIR)
