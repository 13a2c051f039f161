/*
 * fuzz_broker_proto.c -- libFuzzer target for the parsers of the broker
 * protocol's frames (worker/service/broker_proto.c): every frame a peer
 * sends -- version, command, credit, reject code, lease -- goes through
 * them before the broker acts on it.
 *
 * Input: any bytes, read as one frame.  Properties:
 *   - nothing crashes or reads outside the frame (ASan);
 *   - a parsed number is within its bound, the frame holds only digits,
 *     and the number printed parses back to itself;
 *   - a parsed lease printed again parses back to the same two numbers,
 *     and every lease formatted from two 64-bit numbers parses back to
 *     them (leading zeros are accepted, as the broker compares numbers);
 *   - a parsed command's name parses back to the same command.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "broker_proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char buf[64];
    uint32_t u = 0;
    uint64_t e = 0, s = 0;

    nw_bp_cmd c = nw_bp_cmd_parse(data, size);
    if (c != NW_BP_UNKNOWN) {
        const char *name = nw_bp_cmd_name(c);
        if (nw_bp_cmd_parse(name, strlen(name)) != c)
            abort();
    }
    (void)nw_bp_version_ok(data, size);

    static const uint32_t bounds[] = {1000, UINT32_MAX};
    for (int b = 0; b < 2; b++) {
        if (nw_bp_parse_u32(data, size, bounds[b], &u) != 0)
            continue;
        uint32_t back = 0;
        int n = snprintf(buf, sizeof(buf), "%" PRIu32, u);
        if (u > bounds[b] || size == 0 || size > 10 ||
            nw_bp_parse_u32(buf, (size_t)n, bounds[b], &back) || back != u)
            abort();
        for (size_t i = 0; i < size; i++)
            if (data[i] < '0' || data[i] > '9')
                abort();
    }

    if (nw_bp_lease_parse(data, size, &e, &s) == 0) {
        uint64_t e2 = 0, s2 = 0;
        size_t n = nw_bp_lease_format(e, s, buf, sizeof(buf));
        if (size >= NW_BP_LEASE_MAX || nw_bp_lease_parse(buf, n, &e2, &s2) ||
            e2 != e || s2 != s)
            abort();
    }
    /* the other way: the input's first 16 bytes as two numbers */
    uint64_t ve = 0, vs = 0;
    memcpy(&ve, data, size < 8 ? size : 8);
    if (size > 8)
        memcpy(&vs, data + 8, size - 8 < 8 ? size - 8 : 8);
    size_t n = nw_bp_lease_format(ve, vs, buf, sizeof(buf));
    if (n == 0 || n >= sizeof(buf) || nw_bp_lease_parse(buf, n, &e, &s) || e != ve ||
        s != vs)
        abort();
    return 0;
}
