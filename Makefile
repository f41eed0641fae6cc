# tutord — the two commands a newcomer needs:
#   make run    build and start the tutor
#   make test   build and run every test
SWIFT      ?= swift
PREFIX     ?= /usr/local
BUILD_DIR  := .build
DEBUG_BIN  := $(BUILD_DIR)/debug
COURSES    := $(wildcard Dialogues/*.dialogue)

# System packages the tests drive for real: nc (netcat-openbsd).
SYSTEM_PACKAGES := netcat-openbsd
SYSTEM_COMMANDS := nc

.PHONY: all deps build release run test check-courses bench clean

all: build

# Installs missing system packages with apt-get (as root, or through sudo).
deps:
	@missing=""; for c in $(SYSTEM_COMMANDS); do command -v $$c >/dev/null 2>&1 || missing=1; done; \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi; \
		echo "installing $(SYSTEM_PACKAGES)"; \
		$$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; \
	fi

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release

# Until the daemon and the chat client exist, take the course right in the terminal.
run: build
	$(DEBUG_BIN)/tutord walk cpython-internals --dialogues Dialogues

test: deps build
	$(SWIFT) test
	$(DEBUG_BIN)/tutord check $(COURSES)
	Tests/Shell/run-all $(DEBUG_BIN)

check-courses: build
	$(DEBUG_BIN)/tutord check $(COURSES)

# Speed figures (release build); see docs/benchmarks.md.
bench: release
	$(BUILD_DIR)/release/tutord-bench parse
	$(BUILD_DIR)/release/tutord-bench conversation
	$(BUILD_DIR)/release/tutord-bench startup
	$(BUILD_DIR)/release/tutord-bench load --workload ping --connections 100 --client-threads 2
	$(BUILD_DIR)/release/tutord-bench load --workload turn --connections 100 --client-threads 2
	$(BUILD_DIR)/release/tutord-bench load --workload turn --connections 1000 --client-threads 2
	$(BUILD_DIR)/release/tutord-bench load --workload answer --connections 100 --client-threads 2
	$(BUILD_DIR)/release/tutord-bench load --workload answer --connections 100 --client-threads 2 --seconds 4 --kill-after 2
	$(BUILD_DIR)/release/tutord-bench idle --connections 10000 --client-threads 2

clean:
	rm -rf $(BUILD_DIR)
