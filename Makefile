# The two commands of the README: `make run` and `make test`.
# Both install what is missing (scripts/install-deps.sh), then build.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
export CCACHE_BASEDIR := $(CURDIR)
export CCACHE_NOHASHDIR := true

.PHONY: run test deps build web fuzz bench bench-web bench-llm bench-api bench-pipeline format tidy clean corpus

deps:
	@./scripts/install-deps.sh

$(BUILD_DIR)/CMakeCache.txt: | deps
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: deps $(BUILD_DIR)/CMakeCache.txt web
	cmake --build $(BUILD_DIR) -j $(JOBS)

# The web app (web/, issue 12): rebuilt only when its sources, settings or locked dependencies change; `ly serve`
# serves web/dist. The icons in web/public/icons are drawn by the build itself, so they are no input.
WEB_SOURCES := $(shell find web/src web/scripts web/public -type f -not -path 'web/public/icons/*' 2>/dev/null) \
	web/index.html web/package.json web/package-lock.json web/vite.config.ts web/tsconfig.json
web: web/dist/index.html
web/dist/index.html: $(WEB_SOURCES) | deps
	cd web && npm run build

run: build
	$(BUILD_DIR)/services/ly/ly serve

test: build
	cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)
	$(MAKE) fuzz

# libFuzzer needs clang: a separate build tree holds only the fuzz targets.
fuzz: deps
	cmake -S . -B $(BUILD_DIR)-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 -DLY_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build $(BUILD_DIR)-fuzz -j $(JOBS) --target fuzz_targets
	./scripts/run-fuzzers.sh $(BUILD_DIR)-fuzz

bench: build
	./bench/run.sh $(BUILD_DIR)
	$(MAKE) bench-web
	./bench/llm.sh $(BUILD_DIR)

# The web app's production bundle (gzipped JS) and, in Chromium against a real `ly serve`, the time from choosing
# Example 3 to its week drawn.
bench-web: build
	cd web && LY_BIN=$(CURDIR)/$(BUILD_DIR)/services/ly/ly node e2e/bench.mjs

# The LLM step's overhead without the provider, its cache hit, and its cost at the measured LLM-band share
# (bench/llm.sh; the share comes from the bench-results.json `make bench` writes).
bench-llm: build
	./bench/llm.sh $(BUILD_DIR)

# Authenticated API throughput and latency under wrk (bench/api.sh).
bench-api: build
	./bench/api.sh $(BUILD_DIR)

bench-pipeline: build
	./bench/pipeline.sh $(BUILD_DIR)

# Synthetic timetable documents in 31 families and 10 channels with their truth files
# (corpus/README.md). CORPUS_ARGS="--family calendar-week --channel crisp" makes a subset.
corpus: deps
	/usr/bin/python3 corpus/generate.py --out corpus/out $(CORPUS_ARGS)

format:
	find libs services bench tests -name '*.cpp' -o -name '*.hpp' | xargs clang-format -i

tidy: build
	find libs services -name '*.cpp' | xargs clang-tidy -p $(BUILD_DIR) --quiet

clean:
	rm -rf $(BUILD_DIR) $(BUILD_DIR)-fuzz
