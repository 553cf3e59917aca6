# The front door. `make run` and `make test` do all set-up themselves.
BUILD      ?= build
TEST_BUILD ?= build-test
CLANG_BUILD ?= build-clang

.PHONY: run test build test-build clang unit clean format

run: build
	$(BUILD)/pace serve

build:
	@scripts/bootstrap run
	@[ -f $(BUILD)/build.ninja ] || meson setup $(BUILD) --buildtype=release -Doptimization=2 >/dev/null
	@ninja -C $(BUILD) >/dev/null

test-build:
	@scripts/bootstrap test
	@[ -f $(TEST_BUILD)/build.ninja ] || CFLAGS="-fno-sanitize-recover=all -fno-omit-frame-pointer" \
		meson setup $(TEST_BUILD) --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false >/dev/null
	@ninja -C $(TEST_BUILD) >/dev/null

# Must also build cleanly with clang.
clang:
	@[ -f $(CLANG_BUILD)/build.ninja ] || CC=clang meson setup $(CLANG_BUILD) --buildtype=debug >/dev/null
	@ninja -C $(CLANG_BUILD) >/dev/null

test: test-build clang
	@scripts/run-tests $(TEST_BUILD)

unit: test-build
	@scripts/run-tests $(TEST_BUILD) unit

format:
	clang-format -i $$(git ls-files 'src/*.c' 'src/*.h' 'tests/*.c')

clean:
	rm -rf $(BUILD) $(TEST_BUILD) $(CLANG_BUILD)
