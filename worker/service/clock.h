/*
 * clock.h -- the service's two clocks, in milliseconds: monotonic for
 * timeouts, leases and back-off (never jumps), wall for timestamps that
 * leave the process (produced_at_ms, logs).
 */
#ifndef NW_CLOCK_H
#define NW_CLOCK_H

#include <stdint.h>
#include <time.h>

static inline int64_t nw_clock_mono_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static inline int64_t nw_clock_wall_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

#endif
