# tutord — the two commands a newcomer needs:
#   make run    build and start the tutor
#   make test   build and run every test
SWIFT      ?= swift
PREFIX     ?= /usr/local
BUILD_DIR  := .build
DEBUG_BIN  := $(BUILD_DIR)/debug
COURSES    := $(wildcard Dialogues/*.dialogue)

.PHONY: all build release run test check-courses bench clean

all: build

build:
	$(SWIFT) build

release:
	$(SWIFT) build -c release

# Until the daemon and the chat client exist, take the course right in the terminal.
run: build
	$(DEBUG_BIN)/tutord walk cpython-internals --dialogues Dialogues

test: build
	$(SWIFT) test
	$(DEBUG_BIN)/tutord check $(COURSES)

check-courses: build
	$(DEBUG_BIN)/tutord check $(COURSES)

# Speed figures (release build); see docs/benchmarks.md.
bench: release
	$(BUILD_DIR)/release/tutord-bench parse
	$(BUILD_DIR)/release/tutord-bench conversation

clean:
	rm -rf $(BUILD_DIR)
