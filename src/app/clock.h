/*
 * clock.h - the one place Pace reads the wall clock. Everything below
 * (core, store) takes "now" as an argument; the server and the CLI ask here.
 *
 * Test builds (meson -Dtest_clock=true) also read PACE_TEST_NOW, so tests
 * never depend on the real date:
 *   PACE_TEST_NOW=T            frozen at T
 *   PACE_TEST_NOW=T,A          T at the real instant A, then running: T + (real - A),
 *                              so several processes of one test agree
 *   PACE_TEST_NOW=file:PATH    PATH holds one of the above, read on every call,
 *                              so a test can move time while the server runs
 * T and A are Unix seconds or RFC 3339 ("2027-03-28T00:30:00Z"). Release
 * builds ignore the variable entirely.
 */
#ifndef PACE_APP_CLOCK_H
#define PACE_APP_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

/* Unix seconds, UTC. */
int64_t app_clock_now(void);

/* Parses a PACE_TEST_NOW value (not a file: one) given the real time;
 * false when it is malformed. Exposed for its unit test. */
bool app_clock_parse(const char *spec, int64_t real_now, int64_t *out);

#endif
