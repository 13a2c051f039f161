/* test_lease.c -- grant, find, end, expiry in deadline order, growth. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>

#include "lease.h"

static void test_grant_find_end(void **state) {
    nw_lease_table *t = nw_lease_table_new(1000);
    int items[3];
    nw_lease *a, *b, *c;
    (void)state;
    assert_non_null(t);
    a = nw_lease_grant(t, &items[0], 0, 100);
    b = nw_lease_grant(t, &items[1], 1, 150);
    c = nw_lease_grant(t, &items[2], 0, 200);
    assert_true(a->seq == 1 && b->seq == 2 && c->seq == 3);
    assert_true(a->deadline_ms == 1100);
    assert_ptr_equal(nw_lease_find(t, 2), b);
    assert_ptr_equal(nw_lease_find(t, 2)->item, &items[1]);
    nw_lease_end(t, &b);
    assert_null(b);
    assert_null(nw_lease_find(t, 2));   /* a late ACK for it is stale */
    assert_int_equal(nw_lease_count(t), 2);
    assert_null(nw_lease_expired(t, 1099));
    assert_ptr_equal(nw_lease_expired(t, 1100), a);
    nw_lease_end(t, &a);
    assert_null(nw_lease_expired(t, 1150));
    assert_ptr_equal(nw_lease_expired(t, 5000), c);
    assert_int_equal(nw_lease_next_deadline(t), 1200);
    nw_lease_end(t, &c);
    assert_int_equal(nw_lease_next_deadline(t), INT64_MAX);
    /* sequence numbers never repeat */
    a = nw_lease_grant(t, &items[0], 0, 0);
    assert_true(a->seq == 4);
    nw_lease_table_destroy(&t);
    assert_null(t);
    assert_null(nw_lease_table_new(0));
}

static void test_many(void **state) {
    nw_lease_table *t = nw_lease_table_new(10);
    int x;
    (void)state;
    for (int i = 0; i < 10000; i++)
        assert_non_null(nw_lease_grant(t, &x, i % 7, i));
    for (uint64_t s = 1; s <= 10000; s += 3) {
        nw_lease *l = nw_lease_find(t, s);
        assert_non_null(l);
        nw_lease_end(t, &l);
    }
    assert_int_equal(nw_lease_count(t), 10000 - 3334);
    assert_non_null(nw_lease_find(t, 2));
    assert_null(nw_lease_find(t, 4));
    int n = 0;
    nw_lease *l;
    while ((l = nw_lease_expired(t, 20)) != NULL) {   /* deadlines 10..20 */
        nw_lease_end(t, &l);
        n++;
    }
    assert_true(n > 0 && n <= 11);
    nw_lease_table_destroy(&t);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_grant_find_end),
        cmocka_unit_test(test_many),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
