/*===-- ptrhook_trace_events.c - events one by one, elided ones, verify ----===*
 *
 * See ptrhook_trace.h.  ptrhook_trace_next() decodes the events of a mapped
 * trace from its EVENTS blocks, in file order, and puts back the events of
 * elided sites after the event they follow (the expander below, which
 * readers of raw blocks use too).  ptrhook_trace_verify() checks what the
 * block checks could not: each thread's event numbers, against its end
 * record, and the end of the trace.
 *===----------------------------------------------------------------------===*/
#include "ptrhook_trace_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ptrhook_abi.h"

void ptrhook_trace_rewind(struct ptrhook_trace *t) {
  t->it_block = 0;
  t->it_rec = 0;
  t->it_npend = t->it_ipend = 0;
  ptrhook_trace_expander_free(t->it_x);
  t->it_x = NULL;
}

/* A pointer-sized word at `p`. */
static uint64_t word(const struct ptrhook_trace *t, const unsigned char *p) {
  return ptrhook_trace_word(p, t->info.pointer_size);
}

int ptrhook_trace_next(struct ptrhook_trace *t,
                       struct ptrhook_trace_event *ev) {
  if (t->it_ipend < t->it_npend) { /* elided events after the last one */
    *ev = t->it_anchor;
    ev->site_info = t->it_pend[t->it_ipend].site;
    ev->site = ev->site_info->address;
    ev->addr = t->it_pend[t->it_ipend].addr;
    ev->reconstructed = true;
    t->it_ipend++;
    return 1;
  }
  while (t->it_block < t->nev_blocks) {
    uint64_t off = t->ev_blocks[t->it_block];
    struct ptrhook_trace_block h;
    const unsigned char *p;
    unsigned words;

    memcpy(&h, t->map + off, sizeof h);
    if (t->it_rec >= h.records) {
      t->it_block++;
      t->it_rec = 0;
      continue;
    }
    words = h.flags & PTRHOOK_TRACE_F_SITES ? 2 : 1;
    p = t->map + off + sizeof h;
    if (h.flags & PTRHOOK_TRACE_F_PACKED) {
      if (ptrhook_trace_unpack_block(t, &h, p, off) !=
          NULL) { /* checked at open */
        t->it_block++;
        t->it_rec = 0;
        continue;
      }
      p = t->unpacked;
    }
    p += (size_t)t->it_rec * words * t->info.pointer_size;
    ev->thread = h.thread;
    ev->tid = h.tid;
    ev->nested = (h.flags & PTRHOOK_TRACE_F_NESTED) != 0;
    ev->seq = ev->nested ? h.seq : h.seq + t->it_rec;
    ev->addr = word(t, p);
    ev->site = words == 2 ? word(t, p + t->info.pointer_size) : 0;
    ev->site_info = ev->site != 0 ? ptrhook_trace_site_at(t, ev->site) : NULL;
    ev->offset = off;
    ev->reconstructed = false;
    t->it_rec++;
    if (ev->site_info != NULL &&
        (ev->site_info->is_base || ev->site_info->followers != NULL)) {
      if (t->it_x == NULL &&
          (t->it_x = ptrhook_trace_expander_new(t->info.pointer_size)) != NULL)
        ptrhook_trace_expander_include_checked(t->it_x, t->expand_checked);
      if (t->it_x != NULL) {
        size_t n = ptrhook_trace_expand(
            t->it_x, ev->thread, ev->nested, ev->site_info, ev->addr,
            t->it_pend, sizeof t->it_pend / sizeof t->it_pend[0]);
        t->it_npend = n < 64 ? n : 64;
        t->it_ipend = 0;
        t->it_anchor = *ev;
      }
    }
    return 1;
  }
  return 0;
}

/*===-- Elided events
 * ------------------------------------------------------===*/

/* The latest address of each base site, per thread: an open-addressing
 * map from (thread, nested, site ordinal) to the address. */
struct ptrhook_trace_expander {
  unsigned psize;
  bool checked;        /* also put back PTRHOOK_SITE_ELIDE_CHECKED sites */
  uint64_t *key, *val; /* key 0: empty */
  size_t cap, n;
  uint64_t lost;
};

struct ptrhook_trace_expander *
ptrhook_trace_expander_new(unsigned pointer_size) {
  struct ptrhook_trace_expander *x = calloc(1, sizeof *x);
  if (x != NULL)
    x->psize = pointer_size;
  return x;
}

void ptrhook_trace_expander_free(struct ptrhook_trace_expander *x) {
  if (x == NULL)
    return;
  free(x->key);
  free(x->val);
  free(x);
}

uint64_t ptrhook_trace_expander_lost(const struct ptrhook_trace_expander *x) {
  return x->lost;
}

void ptrhook_trace_expander_include_checked(struct ptrhook_trace_expander *x,
                                            bool on) {
  x->checked = on;
}

void ptrhook_trace_expand_checked(struct ptrhook_trace *t, bool on) {
  t->expand_checked = on;
  if (t->it_x != NULL)
    ptrhook_trace_expander_include_checked(t->it_x, on);
}

static uint64_t x_key(uint32_t thread, bool nested,
                      const struct ptrhook_trace_site *s) {
  return ((uint64_t)thread << 41 | (uint64_t)nested << 40 | s->ordinal) + 1;
}

static size_t x_slot(const struct ptrhook_trace_expander *x, uint64_t k) {
  uint64_t h = k * 0x9e3779b97f4a7c15ull;
  size_t i = (size_t)(h >> 20) & (x->cap - 1);
  while (x->key[i] != 0 && x->key[i] != k)
    i = (i + 1) & (x->cap - 1);
  return i;
}

static int x_put(struct ptrhook_trace_expander *x, uint64_t k, uint64_t v) {
  size_t i;
  if (2 * (x->n + 1) > x->cap) {
    size_t cap = x->cap ? 2 * x->cap : 1024;
    struct ptrhook_trace_expander y = {.psize = x->psize,
                                       .checked = x->checked,
                                       .key = calloc(cap, 8),
                                       .val = calloc(cap, 8),
                                       .cap = cap,
                                       .lost = x->lost};
    if (y.key == NULL || y.val == NULL) {
      free(y.key);
      free(y.val);
      return -1;
    }
    for (size_t j = 0; j < x->cap; j++)
      if (x->key[j] != 0) {
        size_t s = x_slot(&y, x->key[j]);
        y.key[s] = x->key[j];
        y.val[s] = x->val[j];
        y.n++;
      }
    free(x->key);
    free(x->val);
    *x = y;
  }
  i = x_slot(x, k);
  x->n += x->key[i] == 0;
  x->key[i] = k;
  x->val[i] = v;
  return 0;
}

size_t ptrhook_trace_expand(struct ptrhook_trace_expander *x, uint32_t thread,
                            bool nested, const struct ptrhook_trace_site *site,
                            uint64_t addr, struct ptrhook_trace_expanded *out,
                            size_t cap) {
  size_t n = 0;
  uint64_t mask = x->psize == 4 ? 0xffffffffull : ~0ull;

  if (site->is_base && x_put(x, x_key(thread, nested, site), addr) != 0)
    x->lost++; /* out of memory: the followers below may miss it */
  for (const struct ptrhook_trace_site *f = site->followers; f != NULL;
       f = f->next_follower) {
    uint64_t base;
    size_t i;
    if ((f->flags & PTRHOOK_SITE_ELIDE_CHECKED) && !x->checked)
      continue; /* it reported its own event */
    if (f->base == site) {
      base = addr;
    } else {
      if (x->cap == 0)
        goto lost;
      i = x_slot(x, x_key(thread, nested, f->base));
      if (x->key[i] == 0)
        goto lost;
      base = x->val[i];
    }
    if (n < cap) {
      out[n].site = f;
      out[n].addr = (base + (uint64_t)f->delta) & mask;
    }
    n++;
    continue;
  lost:
    x->lost++;
  }
  return n;
}

/*===-- Verification ------------------------------------------------------===*/

static int iv_cmp(const void *a, const void *b) {
  const struct interval *x = a, *y = b;
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

int ptrhook_trace_verify(struct ptrhook_trace *t,
                         struct ptrhook_trace_summary *sum, char *msg,
                         size_t len) {
  struct ptrhook_trace_summary s = {0};
  char first[512] = "";

  for (size_t i = 0; i < t->nthreads; i++) {
    struct thread_rec *th = &t->threads[i];
    uint64_t expect = 0;

    if (!th->seen)
      continue;
    s.threads += i != 0 || th->pub.events != 0;
    s.events += th->pub.events + th->pub.nested;
    s.nested += th->pub.nested;
    qsort(th->iv, th->niv, sizeof *th->iv, iv_cmp);
    for (size_t k = 0; k < th->niv && first[0] == '\0'; k++) {
      if (th->iv[k].seq > expect)
        snprintf(first, sizeof first, "thread %zu: events %llu to %llu missing",
                 i, (unsigned long long)expect,
                 (unsigned long long)th->iv[k].seq - 1);
      else if (th->iv[k].seq < expect)
        snprintf(first, sizeof first, "thread %zu: event %llu recorded twice",
                 i, (unsigned long long)th->iv[k].seq);
      expect = th->iv[k].seq + th->iv[k].n;
    }
    if (first[0] == '\0' && th->pub.end_events > expect)
      snprintf(first, sizeof first,
               "thread %zu: events %llu to %llu missing (its end record "
               "counts %llu)",
               i, (unsigned long long)expect,
               (unsigned long long)th->pub.end_events - 1,
               (unsigned long long)th->pub.end_events);
    if (first[0] == '\0' && th->pub.end_nested > th->pub.nested)
      snprintf(first, sizeof first, "thread %zu: %llu nested events missing", i,
               (unsigned long long)(th->pub.end_nested - th->pub.nested));
    if (first[0] == '\0' && t->complete && !th->pub.ended && i != 0 &&
        th->pub.events != 0)
      snprintf(first, sizeof first, "thread %zu: no end record", i);
  }
  for (size_t k = 0; k < t->ntables; k++)
    s.sites += t->tables[k].total;
  s.site_tables = t->ntables;
  s.blocks = t->blocks;
  s.valid_bytes = t->valid_end;
  s.file_size = t->size;
  s.complete = t->complete;
  s.signal = t->signal;
  if (sum != NULL)
    *sum = s;

  if (t->has_problem)
    snprintf(first, sizeof first, "%s", t->problem);
  else if (first[0] == '\0' && !t->complete)
    snprintf(first, sizeof first,
             "incomplete: no end-of-trace block (the process was killed, or "
             "a write failed)");
  if (first[0] == '\0')
    return 0;
  snprintf(msg, len,
           "%s; recovered %llu events of %llu threads from the first %llu of "
           "%llu bytes",
           first, (unsigned long long)s.events, (unsigned long long)s.threads,
           (unsigned long long)s.valid_bytes, (unsigned long long)s.file_size);
  return -1;
}
