# The front door. `make run` and `make test` do all set-up themselves.
BUILD      ?= build
TEST_BUILD ?= build-test
CLANG_BUILD ?= build-clang
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 60
BENCH_BUILD ?= build-bench
VALGRIND_BUILD ?= build-valgrind
SOAK_SECONDS ?= 600
SOAK_KILLS ?= 200

.PHONY: run test build test-build clang unit clean format po fuzz fuzz-build bench bench-build \
	soak valgrind valgrind-build

run: build
	$(BUILD)/pace serve

build:
	@scripts/bootstrap run
	@[ -f $(BUILD)/build.ninja ] || meson setup $(BUILD) --buildtype=release -Doptimization=2 >/dev/null
	@ninja -C $(BUILD) >/dev/null

test-build:
	@scripts/bootstrap test
	@[ -f $(TEST_BUILD)/build.ninja ] || CFLAGS="-fno-sanitize-recover=all -fno-omit-frame-pointer" \
		meson setup $(TEST_BUILD) --buildtype=debug -Dunit_tests=enabled -Dtest_clock=true -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
	@ninja -C $(TEST_BUILD) >/dev/null

# Must also build cleanly with clang.
clang:
	@[ -f $(CLANG_BUILD)/build.ninja ] || CC=clang meson setup $(CLANG_BUILD) --buildtype=debug >/dev/null
	@ninja -C $(CLANG_BUILD) >/dev/null

# libFuzzer harnesses (clang, ASan, UBSan).
fuzz-build:
	@[ -f $(FUZZ_BUILD)/build.ninja ] || CC=clang \
		CFLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all" \
		LDFLAGS="-fsanitize=address,undefined" \
		meson setup $(FUZZ_BUILD) -Dfuzz=true --buildtype=debugoptimized -Db_lundef=false >/dev/null
	@ninja -C $(FUZZ_BUILD) >/dev/null

fuzz: test-build fuzz-build
	@PACE_FUZZ_BUILD=$(FUZZ_BUILD) PACE_FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/run-tests $(TEST_BUILD) fuzz

test: test-build clang fuzz-build
	@PACE_FUZZ_BUILD=$(FUZZ_BUILD) scripts/run-tests $(TEST_BUILD)

unit: test-build
	@scripts/run-tests $(TEST_BUILD) unit

# Benchmarks (bench/run.py, docs/performance.md): release build, wrk, nginx,
# and a throwaway PostgreSQL with pgbench. BENCH_USERS, BENCH_SESSIONS,
# BENCH_DURATION choose the size; BENCH_ENGINES (sqlite,postgres,postgres2) the engines.
bench-build:
	@scripts/bootstrap bench
	@[ -f $(BENCH_BUILD)/build.ninja ] || meson setup $(BENCH_BUILD) --buildtype=release -Doptimization=2 >/dev/null
	@ninja -C $(BENCH_BUILD) >/dev/null

bench: bench-build
	@python3 bench/run.py --build $(BENCH_BUILD)

# Many kill -9s, then mixed load for SOAK_SECONDS: half on the sanitizer build
# (errors, leaks), half on the release build (resident memory growth).
soak: test-build build
	@PACE_DURABILITY_KILLS=$(SOAK_KILLS) SOAK_SECONDS=$(SOAK_SECONDS) \
		SOAK_RSS_PACE=$(abspath $(BUILD))/pace scripts/run-tests $(TEST_BUILD) durability soak

# The HTTP suite with every pace process under valgrind memcheck.
valgrind-build:
	@scripts/bootstrap valgrind
	@[ -f $(VALGRIND_BUILD)/build.ninja ] || meson setup $(VALGRIND_BUILD) --buildtype=debug >/dev/null
	@ninja -C $(VALGRIND_BUILD) >/dev/null

valgrind: valgrind-build
	@scripts/valgrind-http $(VALGRIND_BUILD)

format:
	clang-format -i $$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c')

clean:
	rm -rf $(BUILD) $(TEST_BUILD) $(CLANG_BUILD) $(FUZZ_BUILD) $(BENCH_BUILD) $(VALGRIND_BUILD)

# Refresh the message template and merge it into each catalogue.
po:
	xgettext --language=C --from-code=UTF-8 --keyword=_ --keyword=N_ --keyword=ngettext_:1,2 \
		--add-comments=TRANSLATORS --package-name=pace --no-wrap -o po/pace.pot \
		$$(git ls-files 'src/*.c' 'src/*.h' | sort)
	python3 scripts/data_pot.py po/data.pot $$(git ls-files 'data/*.json')
	xgettext --join-existing --from-code=UTF-8 --package-name=pace --no-wrap -o po/pace.pot po/data.pot
	rm -f po/data.pot
	for f in po/*.po; do msgmerge --quiet --update --backup=none --no-wrap $$f po/pace.pot; done
