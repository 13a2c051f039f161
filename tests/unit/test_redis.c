/* test_redis.c -- the Redis connection against a real redis-server started
   here on a free port in a temp dir (skipped when redis-server is not
   installed): GET/SET EX NX, capped streams, AUTH with an ACL user, the
   disabled state, a refused connection, and reconnect after a restart. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <arpa/inet.h>
#include <hiredis/hiredis.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "redis.h"

static pid_t server = -1;
static int port;
static char dir[64];

static int free_port(void) {
    int s = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t l = sizeof(a);
    if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof(a)) || getsockname(s, (struct sockaddr *)&a, &l)) {
        if (s >= 0)
            close(s);
        return -1;
    }
    close(s);
    return ntohs(a.sin_port);
}

static void sleep_ms(int ms) {
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static int start_server(void) {
    char p[16];
    snprintf(p, sizeof(p), "%d", port);
    server = fork();
    if (server == 0) {
        freopen("/dev/null", "w", stdout);
        execlp("redis-server", "redis-server", "--port", p, "--bind", "127.0.0.1", "--save", "",
               "--appendonly", "no", "--dir", dir, "--user", "nwtest", "on", ">s3cret", "~*",
               "+@all", (char *)NULL);
        _exit(127);
    }
    for (int i = 0; i < 100; i++) { /* up to 5 s */
        redisContext *c = redisConnect("127.0.0.1", port);
        int ok = c && !c->err;
        redisFree(c);
        if (ok)
            return 0;
        int st;
        if (waitpid(server, &st, WNOHANG) == server) {
            server = -1;
            return -1;
        }
        sleep_ms(50);
    }
    return -1;
}

static void stop_server(void) {
    if (server > 0) {
        kill(server, SIGTERM);
        waitpid(server, NULL, 0);
        server = -1;
    }
}

static int group_setup(void **state) {
    (void)state;
    nw_log_init(NW_LOG_ERROR, "test");
    snprintf(dir, sizeof(dir), "/tmp/nw-test-redis-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    port = free_port();
    if (port < 0 || start_server()) {
        port = 0; /* tests skip */
    }
    return 0;
}

static int group_teardown(void **state) {
    (void)state;
    stop_server();
    rmdir(dir);
    return 0;
}

static nw_redis *connect_here(const char *user, const char *pass) {
    char addr[64], err[256];
    snprintf(addr, sizeof(addr), "127.0.0.1:%d", port);
    nw_redis_opts o = {.addr = addr, .user = user, .password = pass, .connect_timeout_ms = 200,
                       .command_timeout_ms = 500, .backoff_min_ms = 50, .backoff_max_ms = 200};
    return nw_redis_new(&o, err, sizeof(err));
}

static void test_get_set(void **state) {
    (void)state;
    if (!port)
        skip();
    nw_redis *r = connect_here(NULL, NULL);
    assert_non_null(r);
    assert_int_equal(nw_redis_state_of(r), NW_REDIS_UP);
    unsigned char *v;
    size_t len;
    const char bin[] = {'a', 0, 'b', (char)0xff};
    assert_int_equal(nw_redis_get(r, "newsworker:v1:test-key", &v, &len), 0);
    assert_int_equal(nw_redis_set_nx_ex(r, "newsworker:v1:test-key", bin, 4, 60), 1);
    assert_int_equal(nw_redis_set_nx_ex(r, "newsworker:v1:test-key", "zz", 2, 60), 0);
    assert_int_equal(nw_redis_get(r, "newsworker:v1:test-key", &v, &len), 1);
    assert_int_equal(len, 4);
    assert_memory_equal(v, bin, 4);
    free(v);
    nw_redis_free(&r);
    assert_null(r);
}

static void test_stream_capped(void **state) {
    (void)state;
    if (!port)
        skip();
    nw_redis *r = connect_here(NULL, NULL);
    for (int i = 0; i < 500; i++)
        assert_int_equal(nw_redis_xadd_capped(r, "newsworker:v1:deadletters", 50, "dl", 2), 0);
    const char *names[2] = {"article_id", "data"};
    const void *vals[2] = {"a-1", "\x01\x02"};
    size_t lens[2] = {3, 2};
    assert_int_equal(nw_redis_xadd_fields(r, "results", 10, 2, names, vals, lens), 0);
    redisContext *c = redisConnect("127.0.0.1", port);
    redisReply *rep = redisCommand(c, "XLEN newsworker:v1:deadletters");
    assert_non_null(rep);
    assert_true(rep->integer >= 50 && rep->integer < 500); /* ~ trims by whole nodes */
    freeReplyObject(rep);
    rep = redisCommand(c, "XRANGE results - +");
    assert_int_equal(rep->elements, 1);
    assert_string_equal(rep->element[0]->element[1]->element[1]->str, "a-1");
    freeReplyObject(rep);
    /* a wrong type is an error reply: -1, connection stays up */
    rep = redisCommand(c, "SET plainkey v");
    freeReplyObject(rep);
    redisFree(c);
    assert_int_equal(nw_redis_xadd_capped(r, "plainkey", 10, "x", 1), -1);
    assert_int_equal(nw_redis_state_of(r), NW_REDIS_UP);
    assert_non_null(strstr(nw_redis_errstr(r), "WRONGTYPE"));
    nw_redis_free(&r);
}

static void test_auth(void **state) {
    (void)state;
    if (!port)
        skip();
    nw_redis *r = connect_here("nwtest", "s3cret");
    assert_int_equal(nw_redis_state_of(r), NW_REDIS_UP);
    nw_redis_free(&r);
    r = connect_here("nwtest", "wrong");
    assert_non_null(r);
    assert_int_equal(nw_redis_state_of(r), NW_REDIS_DOWN);
    assert_non_null(strstr(nw_redis_errstr(r), "AUTH"));
    unsigned char *v;
    size_t len;
    assert_int_equal(nw_redis_get(r, "k", &v, &len), -1);
    nw_redis_free(&r);
}

static void test_disabled_and_bad_address(void **state) {
    (void)state;
    char err[256];
    nw_redis_opts o = {.addr = ""};
    nw_redis *r = nw_redis_new(&o, err, sizeof(err));
    assert_int_equal(nw_redis_state_of(r), NW_REDIS_DISABLED);
    unsigned char *v;
    size_t len;
    assert_int_equal(nw_redis_get(r, "k", &v, &len), -1);
    assert_int_equal(nw_redis_xadd_capped(r, "s", 10, "x", 1), -1);
    nw_redis_free(&r);
    o.addr = "localhost:notaport";
    assert_null(nw_redis_new(&o, err, sizeof(err)));
    assert_non_null(strstr(err, "bad Redis address"));
    o.addr = ":6379";
    assert_null(nw_redis_new(&o, err, sizeof(err)));
}

static void test_down_then_back(void **state) {
    (void)state;
    if (!port)
        skip();
    nw_redis *r = connect_here(NULL, NULL);
    assert_int_equal(nw_redis_state_of(r), NW_REDIS_UP);
    stop_server();
    unsigned char *v;
    size_t len;
    /* the first command after the stop notices; then calls fail fast */
    assert_int_equal(nw_redis_get(r, "k", &v, &len), -1);
    assert_int_equal(nw_redis_state_of(r), NW_REDIS_DOWN);
    assert_int_equal(nw_redis_set_nx_ex(r, "k", "v", 1, 10), -1);
    assert_int_equal(start_server(), 0);
    int up = 0;
    for (int i = 0; i < 60 && !up; i++) { /* back-off is capped at 200 ms */
        sleep_ms(50);
        up = nw_redis_poll(r) == NW_REDIS_UP;
    }
    assert_true(up);
    assert_int_equal(nw_redis_set_nx_ex(r, "k", "v", 1, 10), 1);
    nw_redis_stats st;
    nw_redis_get_stats(r, &st);
    assert_int_equal(st.connects, 2);
    assert_int_equal(st.disconnects, 1);
    nw_redis_free(&r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_get_set),
        cmocka_unit_test(test_stream_capped),
        cmocka_unit_test(test_auth),
        cmocka_unit_test(test_disabled_and_bad_address),
        cmocka_unit_test(test_down_then_back),
    };
    return cmocka_run_group_tests_name("redis", tests, group_setup, group_teardown);
}
