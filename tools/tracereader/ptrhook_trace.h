/*===-- ptrhook_trace.h - read ptrhook trace files (mode=trace) -*- C -*-===*
 *
 * A small C11 library (static: ptrhook_trace_reader) that reads the files
 * PTRHOOK_OPTIONS=mode=trace writes.  The format itself is defined, with a
 * full description, in runtime/include/ptrhook_trace_format.h; in short:
 *
 *   file header (magic "PTRHTRC1", version, pointer size, pid, ppid, start
 *   time, the program's path), then self-describing blocks of 48-byte
 *   header + payload, each checksummed:
 *     EVENTS       events of one thread, numbered from 0 per thread, one
 *                  word (address) or two (address, site) per record
 *     SITES        the site table of an instrumented executable or DSO
 *                  (abi=site): kind, line, column, function, file, directory
 *                  of every descriptor, keyed by its run-time address
 *     THREAD_END   a thread's final numbers (exit, or process exit)
 *     PROCESS_END  the trace is complete (or, flagged, written on a fatal
 *                  signal)
 *
 * Opening a trace reads and checks it whole: every block's magic, size and
 * checksum, and every event record.  A truncated or corrupted file still
 * opens; its problem is kept (ptrhook_trace_verify() names it) and
 * everything before the first bad block is readable, so a tool can say how
 * much was recovered.  ptrhook_trace_verify() adds the checks that need the
 * whole file: each thread's events numbered without gap or overlap, as many
 * as its THREAD_END announced, and a PROCESS_END.
 *
 * ptrhook_trace_open_stream() reads a trace of any size in one pass with
 * bounded memory instead: blocks are checked as ptrhook_trace_next_events()
 * reaches them, site tables become known as their blocks are read, and
 * ptrhook_trace_verify() speaks for the part read so far (all of it once
 * next_events returned 0).
 *
 * Usage:
 *   char err[256];
 *   struct ptrhook_trace *t = ptrhook_trace_open(path, err, sizeof err);
 *   struct ptrhook_trace_event ev;
 *   while (ptrhook_trace_next(t, &ev) > 0)
 *     ... ev.thread, ev.seq, ev.addr, ev.site_info ...
 *   ptrhook_trace_close(t);
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_TRACE_H
#define PTRHOOK_TRACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct ptrhook_trace;

/* What the file header says. */
struct ptrhook_trace_info {
  uint32_t version;
  uint32_t pointer_size; /* 4 or 8 */
  uint32_t pid;
  uint32_t ppid;
  uint64_t start_ns;     /* CLOCK_REALTIME, nanoseconds */
  uint32_t buffer;       /* records per thread buffer */
  const char *program;   /* the traced program's path ("" if unknown) */
  uint64_t file_size;
};

/* One site descriptor from a SITES block. */
struct ptrhook_trace_site {
  uint64_t address;  /* of the descriptor in the traced process */
  uint64_t index;    /* in its table */
  uint64_t ordinal;  /* i for ptrhook_trace_site(t, i) */
  uint16_t kind;     /* PTRHOOK_KIND_* (ptrhook_abi.h) */
  uint16_t version;
  uint32_t flags;
  uint32_t line;
  uint32_t column;
  const char *function;
  const char *file;
  const char *directory;
  /* Elided sites (flag PTRHOOK_SITE_ELIDED, pass parameter
   * elide-const-geps) have no events of their own: each happened right
   * after an event of its `anchor`, at the address of the same thread's
   * latest event of `base` plus `delta`.  ptrhook_trace_next() puts them
   * back; readers of raw blocks use ptrhook_trace_expander.  NULL/0 for
   * other sites. */
  const struct ptrhook_trace_site *base;
  const struct ptrhook_trace_site *anchor;
  int64_t delta;
  /* The elided sites anchored here, in order: `followers`, then each one's
   * `next_follower`.  `is_base`: some elided site derives from this one. */
  const struct ptrhook_trace_site *followers;
  const struct ptrhook_trace_site *next_follower;
  bool is_base;
};

/* One event. */
struct ptrhook_trace_event {
  uint32_t thread;   /* thread number in the process, from 1 */
  uint32_t tid;      /* kernel thread id */
  uint64_t seq;      /* number within the thread; nested: the event that
                        was being recorded when the handler ran */
  bool nested;       /* reported by a signal handler nested in the runtime */
  uint64_t addr;
  uint64_t site;     /* descriptor address; 0: plain hook (abi=addr) */
  const struct ptrhook_trace_site *site_info; /* NULL: no site, or unknown */
  uint64_t offset;   /* of its block in the file */
  bool reconstructed; /* an elided site's event, put back by the reader:
                         `seq` is its anchor event's, `site` its
                         descriptor's address */
};

/* One thread, as far as the readable part shows it. */
struct ptrhook_trace_thread {
  uint32_t thread;
  uint32_t tid;
  uint64_t events;      /* numbered events present */
  uint64_t nested;      /* nested events present */
  uint64_t end_events;  /* largest THREAD_END count (0 if none) */
  uint64_t end_nested;
  bool ended;           /* has a THREAD_END */
  bool exited;          /* ... saying the thread exited */
};

/* Totals, from ptrhook_trace_verify(). */
struct ptrhook_trace_summary {
  uint64_t events;        /* numbered + nested events read */
  uint64_t nested;
  uint64_t threads;
  uint64_t site_tables;   /* executables and DSOs with sites */
  uint64_t sites;
  uint64_t blocks;
  uint64_t valid_bytes;   /* the readable prefix of the file */
  uint64_t file_size;
  bool complete;          /* a PROCESS_END was read */
  int signal;             /* PROCESS_END written on this fatal signal, or 0 */
};

/* Open `path` and read it whole.  Returns the trace, or NULL with a
 * message in `err` (`errlen` bytes) if the file cannot be read or is not a
 * ptrhook trace at all (bad magic, version, byte order, pointer size).  A
 * trace that is only truncated or corrupted further on opens: see
 * ptrhook_trace_verify(). */
struct ptrhook_trace *ptrhook_trace_open(const char *path, char *err,
                                         size_t errlen);

/* Open `path` for one pass in file order with bounded memory (see the
 * banner): only the header is read here.  Returns NULL with a message in
 * `err` like ptrhook_trace_open().  Use ptrhook_trace_next_events() to
 * read it; ptrhook_trace_next() and ptrhook_trace_rewind() do nothing on
 * such a trace. */
struct ptrhook_trace *ptrhook_trace_open_stream(const char *path, char *err,
                                                size_t errlen);

/* Release everything.  NULL is allowed. */
void ptrhook_trace_close(struct ptrhook_trace *t);

/* The header.  Never NULL. */
const struct ptrhook_trace_info *ptrhook_trace_info(const struct ptrhook_trace *t);

/* Store the next event (file order) in *ev.  Returns 1, or 0 at the end of
 * the readable part. */
int ptrhook_trace_next(struct ptrhook_trace *t, struct ptrhook_trace_event *ev);

/* A block of events, as ptrhook_trace_next_events() hands it out. */
struct ptrhook_trace_events {
  uint32_t thread;   /* thread number in the process, from 1 */
  uint32_t tid;
  uint64_t seq;      /* number of the first record (nested: see the format) */
  bool nested;
  uint32_t records;  /* > 0 */
  unsigned words;    /* words per record: 1 (address) or 2 (address, site) */
  const void *data;  /* records * words words of the pointer size, 8-byte
                        aligned; valid until the next call */
  uint64_t offset;   /* of the block in the file */
};

/* Store the next block of events (file order) in *ev, reading (streaming
 * mode) and checking the blocks before it, and taking in the site tables
 * among them.  Returns 1, or 0 at the end of the readable part (then
 * ptrhook_trace_verify() says why it ended early, if it did).  Faster
 * than ptrhook_trace_next(): events are decoded by the caller. */
int ptrhook_trace_next_events(struct ptrhook_trace *t,
                              struct ptrhook_trace_events *ev);

/* The file offset reading has reached (for a progress indicator). */
uint64_t ptrhook_trace_offset(const struct ptrhook_trace *t);

/* Start over with the first event. */
void ptrhook_trace_rewind(struct ptrhook_trace *t);

/* The site descriptor at run-time address `addr`, or NULL if no table of
 * the trace holds it. */
const struct ptrhook_trace_site *ptrhook_trace_site_at(const struct ptrhook_trace *t,
                                                       uint64_t addr);

/* The sites of every table, in the order the tables appear in the file and
 * descriptor order within each: site `i` of ptrhook_trace_nsites(). */
size_t ptrhook_trace_nsites(const struct ptrhook_trace *t);
const struct ptrhook_trace_site *ptrhook_trace_site(const struct ptrhook_trace *t,
                                                    size_t i);

/* The site tables read so far, in the order they appear in the file: table
 * `i` holds sites first_ordinal .. first_ordinal + total - 1. */
struct ptrhook_trace_table {
  uint64_t base;            /* run-time address of its first descriptor */
  uint64_t total;           /* descriptors */
  uint32_t descriptor_size; /* bytes of one, in the traced process */
  uint64_t first_ordinal;
  const struct ptrhook_trace_site *sites; /* `total` of them */
};
size_t ptrhook_trace_ntables(const struct ptrhook_trace *t);
void ptrhook_trace_table(const struct ptrhook_trace *t, size_t i,
                         struct ptrhook_trace_table *out);

/* How many SITES blocks were read so far: when it changes, tables or their
 * entries did. */
uint64_t ptrhook_trace_site_blocks(const struct ptrhook_trace *t);

/* The threads, by thread number. */
size_t ptrhook_trace_nthreads(const struct ptrhook_trace *t);
const struct ptrhook_trace_thread *ptrhook_trace_thread(const struct ptrhook_trace *t,
                                                        size_t i);

/* Check the whole trace: no problem while reading, every thread's events
 * numbered 0..N-1 exactly once with N at least what its THREAD_END said,
 * its nested events all there, and a PROCESS_END.  Fills *sum (may be
 * NULL).  Returns 0 if all holds, else -1 with the first failure in `msg`
 * (`len` bytes), naming how much was recovered. */
int ptrhook_trace_verify(struct ptrhook_trace *t,
                         struct ptrhook_trace_summary *sum, char *msg,
                         size_t len);

/* Reconstruction of elided events for readers of raw blocks
 * (ptrhook_trace_next_events).  Feed every event that has a site, in each
 * thread's order, to ptrhook_trace_expand(); it remembers the addresses of
 * base sites per thread (nested events apart) and returns the number of
 * elided events that follow the event, storing up to `cap` of them
 * (site, address) in `out`.  An elided event whose base event is missing
 * (a base of a kind not recorded, PTRHOOK_OPTIONS=kinds=...) cannot be
 * put back: it is counted in ptrhook_trace_expander_lost() instead. */
struct ptrhook_trace_expander;
struct ptrhook_trace_expanded {
  const struct ptrhook_trace_site *site;
  uint64_t addr;
};
struct ptrhook_trace_expander *ptrhook_trace_expander_new(unsigned pointer_size);
void ptrhook_trace_expander_free(struct ptrhook_trace_expander *x);
size_t ptrhook_trace_expand(struct ptrhook_trace_expander *x, uint32_t thread,
                            bool nested, const struct ptrhook_trace_site *site,
                            uint64_t addr, struct ptrhook_trace_expanded *out,
                            size_t cap);
uint64_t ptrhook_trace_expander_lost(const struct ptrhook_trace_expander *x);
/* The elided sites of a verification build (flag PTRHOOK_SITE_ELIDE_CHECKED:
 * they report their events all the same) are not put back, unless this is
 * turned on, for the expander or for ptrhook_trace_next() (what `ptrhook-trace
 * verify-elision` does to compare both). */
void ptrhook_trace_expander_include_checked(struct ptrhook_trace_expander *x,
                                            bool on);
void ptrhook_trace_expand_checked(struct ptrhook_trace *t, bool on);

/* Name of kind `k` ("alloca" ...), "?" if unknown. */
const char *ptrhook_trace_kind_name(unsigned k);

#ifdef __cplusplus
}
#endif

#endif /* PTRHOOK_TRACE_H */
