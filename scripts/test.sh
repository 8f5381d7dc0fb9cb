#!/usr/bin/env bash
# The whole test suite, as CI runs it (README's test command, after scripts/install-deps.sh):
#
#   1. build/        the normal build and every ctest test (the fuzz targets replay their
#                    corpora and regressions there too);
#   2. build-asan/   everything again under ASan + UBSan, any report fatal
#                    (-fno-sanitize-recover=all), without benchmarks and the Java binding;
#   3. build-tsan/   the tests labelled `threads` under TSan.
#
# A skipped test fails a step unless tests/allowed_skips.txt names it (scripts/check_skips.py).
# Each step prints its time. ENTITLE_TEST_STEPS picks steps (default all three:
# "normal asan tsan"; e.g. ENTITLE_TEST_STEPS=normal for the plain step alone);
# ENTITLE_TEST_JOBS sets the build and ctest parallelism (default: the number of cores).
# docs/fuzzing.md says why each sanitizer setting is what it is.
set -euo pipefail
cd "$(dirname "$0")/.."
steps=${ENTITLE_TEST_STEPS:-normal asan tsan}
jobs=${ENTITLE_TEST_JOBS:-$(nproc)}
configure=(-G Ninja)
if command -v ccache >/dev/null; then
  configure+=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi

started=$SECONDS
step_started=$SECONDS
step() {
  echo "=== $* (after $((SECONDS - started)) s)"
  step_started=$SECONDS
}
done_step() { echo "=== $1 took $((SECONDS - step_started)) s"; }

if [[ " $steps " == *" normal "* ]]; then
  step "normal build and tests"
  cmake -S . -B build "${configure[@]}" -DENTITLE_WERROR=ON
  cmake --build build -j "$jobs"
  ctest --test-dir build --output-on-failure -j "$jobs" --output-junit ctest-junit.xml
  scripts/check_skips.py build/ctest-junit.xml
  done_step normal
fi

# The sanitizer builds are for finding errors, not for speed: -O1 with line tables only
# (-g1) compiles in about half the time of -O2 -g and still gives file:line in reports;
# assertions stay on.
sanitizer_build=(-DCMAKE_BUILD_TYPE=Debug "-DCMAKE_CXX_FLAGS_DEBUG=-O1 -g1"
                 "-DCMAKE_C_FLAGS_DEBUG=-O1 -g1" -DENTITLE_BUILD_BENCHMARKS=OFF)

# Sanitizer runs: no leak checking inside interpreters we do not own; the rlimit test of
# tests/capi/api_test.c cannot cap the address space ASan reserves for its shadow memory.
export ENTITLE_TEST_NO_RLIMIT=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

if [[ " $steps " == *" asan "* ]]; then
  step "ASan + UBSan build and tests"
  cmake -S . -B build-asan "${configure[@]}" "${sanitizer_build[@]}" \
        -DENTITLE_SANITIZE=address,undefined
  cmake --build build-asan -j "$jobs"
  # The install consumers link libentitle.so (which needs libasan) into programs built
  # without it: let libasan come second. valgrind cannot run ASan programs, and the
  # failing-allocator tests replace malloc, which ASan owns (they run in the plain build).
  # The Dask tests exercise Python orchestration over worker processes; the library calls
  # they make are the C API's batch call, which capi.golden.batch runs here. Checking stack
  # use after return would double every test's time (its fake stacks); the fuzz builds,
  # whose runs are long anyway, are where it pays (docs/fuzzing.md).
  export ASAN_OPTIONS=detect_leaks=1:verify_asan_link_order=0:strict_string_checks=1
  ctest --test-dir build-asan --output-on-failure -j "$jobs" -E 'valgrind|python|^faults\.alloc|^dask\.' \
        --output-junit ctest-junit.xml
  scripts/check_skips.py build-asan/ctest-junit.xml
  # Python loads libentitle.so with ctypes: libasan must be preloaded into the interpreter,
  # and CPython's own allocations at exit are not ours to report. libstdc++ is preloaded
  # with it: ASan finds the real __cxa_throw when it starts, and the interpreter does not
  # link libstdc++ itself (without it the first exception thrown aborts in ASan's check).
  libasan=$(gcc -print-file-name=libasan.so)
  libstdcxx=$(gcc -print-file-name=libstdc++.so)
  LD_PRELOAD="$libasan $libstdcxx" ASAN_OPTIONS=detect_leaks=0:verify_asan_link_order=0 \
    ctest --test-dir build-asan --output-on-failure -j "$jobs" -R python --output-junit ctest-junit-python.xml
  scripts/check_skips.py build-asan/ctest-junit-python.xml
  unset ASAN_OPTIONS
  done_step asan
fi

if [[ " $steps " == *" tsan "* ]]; then
  step "TSan build and the threads tests"
  cmake -S . -B build-tsan "${configure[@]}" "${sanitizer_build[@]}" -DENTITLE_SANITIZE=thread
  # Only what the tests labelled `threads` run (a test whose program is missing here fails
  # as "Not Run", so a new one cannot be skipped silently).
  cmake --build build-tsan -j "$jobs" --target entitle_runner entitle_thread_tests \
        capi_api_test capi_golden_test capi_threads_test
  export TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1
  # TSan needs the address layout it was built for; kernels with more mmap randomisation
  # bits than it supports make it abort at start ("unexpected memory mapping"). Then run
  # the tests with randomisation off for this process tree.
  run=()
  if ! build-tsan/entitle --version >/dev/null 2>&1; then
    echo "TSan cannot start here; running with address randomisation off (setarch -R)"
    run=(setarch "$(uname -m)" -R)
  fi
  # The fault-injection tests replace malloc or preload a write shim, which TSan's own
  # interceptors cannot share; they run in the two builds above.
  "${run[@]}" ctest --test-dir build-tsan --output-on-failure -j "$jobs" -L threads -E '^faults\.' \
        --output-junit ctest-junit.xml
  scripts/check_skips.py build-tsan/ctest-junit.xml
  done_step tsan
fi
echo "=== all steps passed in $((SECONDS - started)) s"
