/*
 * test_metrics.c -- the Prometheus metrics module: counters by result, the
 * extraction histogram (cumulative buckets, sum, count), the text format,
 * and the /metrics responder over a real socket (200, 404, bad address).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "metrics.h"

static void test_render(void **state) {
    (void)state;
    nw_metrics *m = nw_metrics_new();
    char buf[4096];
    assert_non_null(m);
    nw_metrics_count(m, NW_METRIC_EXTRACTED);
    nw_metrics_count(m, NW_METRIC_EXTRACTED);
    nw_metrics_count(m, NW_METRIC_CACHE_HIT);
    nw_metrics_count(m, NW_METRIC_DEAD_LETTER);
    nw_metrics_count(NULL, NW_METRIC_EXTRACTED); /* NULL-safe */
    nw_metrics_observe_extract(m, 0.0003);        /* in le=0.0005 */
    nw_metrics_observe_extract(m, 0.02);          /* in le=0.025 */
    nw_metrics_observe_extract(m, 30.0);          /* only +Inf */
    size_t n = nw_metrics_render(m, buf, sizeof(buf));
    assert_true(n > 0 && n < sizeof(buf));
    assert_int_equal(strlen(buf), n);
    assert_non_null(strstr(buf, "newsworker_articles_total{result=\"extracted\"} 2\n"));
    assert_non_null(strstr(buf, "newsworker_articles_total{result=\"cache_hit\"} 1\n"));
    assert_non_null(strstr(buf, "newsworker_articles_total{result=\"dead_letter\"} 1\n"));
    assert_non_null(strstr(buf, "newsworker_articles_total{result=\"publish_error\"} 0\n"));
    assert_non_null(strstr(buf, "newsworker_cache_hits_total 1\n"));
    assert_non_null(strstr(buf, "newsworker_deadletters_total 1\n"));
    assert_non_null(strstr(buf, "# TYPE newsworker_extract_seconds histogram\n"));
    assert_non_null(strstr(buf, "newsworker_extract_seconds_bucket{le=\"0.00025\"} 0\n"));
    assert_non_null(strstr(buf, "newsworker_extract_seconds_bucket{le=\"0.0005\"} 1\n"));
    assert_non_null(strstr(buf, "newsworker_extract_seconds_bucket{le=\"0.025\"} 2\n"));
    assert_non_null(strstr(buf, "newsworker_extract_seconds_bucket{le=\"1\"} 2\n"));
    assert_non_null(strstr(buf, "newsworker_extract_seconds_bucket{le=\"+Inf\"} 3\n"));
    assert_non_null(strstr(buf, "newsworker_extract_seconds_count 3\n"));
    assert_non_null(strstr(buf, "newsworker_extract_seconds_sum 30.0203"));
    /* truncation reports the length needed, like snprintf */
    char tiny[16];
    assert_int_equal(nw_metrics_render(m, tiny, sizeof(tiny)), n);
    assert_int_equal(strlen(tiny), sizeof(tiny) - 1);
    nw_metrics_free(&m);
    assert_null(m);
    nw_metrics_free(&m); /* NULL-safe */
}

/* GET path from 127.0.0.1:port; the whole response in out. */
static void http_get(int port, const char *path, char *out, size_t cap) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    char req[128];
    size_t n = 0;
    assert_true(fd >= 0);
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    assert_int_equal(connect(fd, (struct sockaddr *)&a, sizeof(a)), 0);
    int l = snprintf(req, sizeof(req), "GET %s HTTP/1.1\r\nHost: x\r\n\r\n", path);
    assert_int_equal(send(fd, req, (size_t)l, 0), l);
    for (;;) {
        ssize_t r = recv(fd, out + n, cap - 1 - n, 0);
        if (r <= 0 || n + (size_t)r >= cap - 1) {
            if (r > 0)
                n += (size_t)r;
            break;
        }
        n += (size_t)r;
    }
    out[n] = '\0';
    close(fd);
}

static void test_serve(void **state) {
    (void)state;
    nw_metrics *m = nw_metrics_new();
    char err[256], addr[64], resp[8192];
    int port = 0;
    assert_non_null(m);
    /* a port the kernel says is free */
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET};
    socklen_t al = sizeof(a);
    inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
    assert_int_equal(bind(s, (struct sockaddr *)&a, sizeof(a)), 0);
    getsockname(s, (struct sockaddr *)&a, &al);
    port = ntohs(a.sin_port);
    close(s);
    snprintf(addr, sizeof(addr), "127.0.0.1:%d", port);
    assert_int_equal(nw_metrics_serve(m, addr, err, sizeof(err)), 0);
    assert_int_equal(nw_metrics_serve(m, addr, err, sizeof(err)), -1); /* once */
    nw_metrics_count(m, NW_METRIC_PUBLISH_ERROR);
    http_get(port, "/metrics", resp, sizeof(resp));
    assert_int_equal(strncmp(resp, "HTTP/1.", 7), 0);
    assert_non_null(strstr(resp, " 200 OK\r\n"));
    assert_non_null(strstr(resp, "text/plain; version=0.0.4"));
    assert_non_null(strstr(resp, "newsworker_articles_total{result=\"publish_error\"} 1\n"));
    http_get(port, "/nothing", resp, sizeof(resp));
    assert_non_null(strstr(resp, "404 Not Found"));
    nw_metrics_free(&m);

    m = nw_metrics_new();
    assert_int_equal(nw_metrics_serve(m, "no-port", err, sizeof(err)), -1);
    assert_non_null(strstr(err, "host:port"));
    assert_int_equal(nw_metrics_serve(m, "127.0.0.1:", err, sizeof(err)), -1);
    nw_metrics_free(&m);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_render),
        cmocka_unit_test(test_serve),
    };
    return cmocka_run_group_tests_name("metrics", tests, NULL, NULL);
}
