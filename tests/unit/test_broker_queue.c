/* test_broker_queue.c -- capacity, duplicate ids, FIFO order, requeue at
   the head or tail, parking, and removal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "broker_queue.h"

static int add(nw_bq *q, const char *id, const char *body, nw_bq_item **it) {
    return nw_bq_add(q, id, strlen(id), body, strlen(body), 0, 0, it);
}

static void test_capacity_and_duplicates(void **state) {
    nw_bq *q = nw_bq_new(2);
    nw_bq_item *a, *d = NULL;
    (void)state;
    assert_non_null(q);
    assert_int_equal(add(q, "harbour-1", "The harbour authority approved the dredging plan.", &a),
                     NW_BQ_OK);
    assert_int_equal(add(q, "harbour-1", "A resubmission of the same article.", &d), NW_BQ_DUP);
    assert_ptr_equal(d, a);
    assert_int_equal(add(q, "clinic-2", "Nurses at the clinic voted to strike.", NULL), NW_BQ_OK);
    assert_true(nw_bq_full(q));
    assert_int_equal(add(q, "school-3", "The school board met on Monday.", NULL), NW_BQ_FULL);
    /* replay may exceed the capacity on purpose */
    assert_int_equal(nw_bq_add(q, "school-3", 8, "x", 1, 4, 1, &d), NW_BQ_OK);
    assert_int_equal(d->attempts, 4);
    assert_int_equal(nw_bq_held(q), 3);
    assert_int_equal(nw_bq_bytes(q),
                     strlen("harbour-1") + strlen("The harbour authority approved the dredging plan.") +
                         strlen("clinic-2") + strlen("Nurses at the clinic voted to strike.") + 8 + 1);
    nw_bq_destroy(&q);
    assert_null(q);
    nw_bq_destroy(&q);   /* NULL-safe */
}

static void test_fifo_requeue_park(void **state) {
    nw_bq *q = nw_bq_new(100);
    nw_bq_item *it, *first;
    char id[32];
    (void)state;
    for (int i = 0; i < 5; i++) {
        snprintf(id, sizeof(id), "story-%d", i);
        assert_int_equal(add(q, id, "Ministers said the bill would pass.", NULL), NW_BQ_OK);
    }
    first = nw_bq_pop(q);
    assert_string_equal(first->id, "story-0");
    assert_int_equal(first->state, NW_BQ_LEASED);
    it = nw_bq_pop(q);
    assert_string_equal(it->id, "story-1");
    assert_int_equal(nw_bq_waiting(q), 3);
    nw_bq_requeue(q, first, 1);   /* released: back at the head */
    nw_bq_requeue(q, it, 0);      /* failed: to the tail */
    assert_string_equal(nw_bq_pop(q)->id, "story-0");
    assert_string_equal(nw_bq_pop(q)->id, "story-2");
    it = nw_bq_find(q, "story-3", 7);
    assert_non_null(it);
    nw_bq_park(q, it);            /* dead letter pending: out of the FIFO */
    assert_int_equal(it->state, NW_BQ_PARKED);
    assert_string_equal(nw_bq_pop(q)->id, "story-4");
    assert_string_equal(nw_bq_pop(q)->id, "story-1");
    assert_null(nw_bq_pop(q));
    assert_int_equal(nw_bq_held(q), 5);
    nw_bq_remove(q, it);
    assert_null(nw_bq_find(q, "story-3", 7));
    assert_int_equal(nw_bq_held(q), 4);
    nw_bq_remove(q, NULL);
    nw_bq_destroy(&q);
}

static int count_cb(void *ud, nw_bq_item *it) {
    (void)it;
    (*(int *)ud)++;
    return 0;
}

static void test_many_and_each(void **state) {
    nw_bq *q = nw_bq_new(5000);
    char id[32];
    int n = 0;
    (void)state;
    for (int i = 0; i < 5000; i++) {
        snprintf(id, sizeof(id), "wire-%05d", i);
        assert_int_equal(add(q, id, "Body", NULL), NW_BQ_OK);
    }
    for (int i = 0; i < 5000; i += 2) {
        snprintf(id, sizeof(id), "wire-%05d", i);
        nw_bq_remove(q, nw_bq_find(q, id, strlen(id)));
    }
    assert_int_equal(nw_bq_each(q, count_cb, &n), 0);
    assert_int_equal(n, 2500);
    assert_int_equal(nw_bq_waiting(q), 2500);
    assert_string_equal(nw_bq_pop(q)->id, "wire-00001");
    nw_bq_destroy(&q);
    assert_null(nw_bq_new(0));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_capacity_and_duplicates),
        cmocka_unit_test(test_fifo_requeue_park),
        cmocka_unit_test(test_many_and_each),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
