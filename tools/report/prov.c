/*===-- prov.c - parse ptrhook provenance records --------------------------===*
 *
 * See prov.h.
 *===----------------------------------------------------------------------===*/
#include "prov.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* strtoul that reads anything malformed as 0: a record is data written by
 * the pass, and a count we cannot read is better shown as 0 than refused. */
static unsigned long count_of(const char *value) {
  char *end;
  unsigned long v;

  errno = 0;
  v = strtoul(value, &end, 10);
  return errno || end == value || *end ? 0 : v;
}

/* A field of struct prov_record, by the key that names it in a record. */
struct prov_field {
  const char *key;
  size_t offset;
};

/* Stores one key=value field (VALUE points into R->text). */
static void set_field(struct prov_record *r, const char *key,
                      const char *value) {
  static const struct prov_field strings[] = {
      {"plugin", offsetof(struct prov_record, plugin)},
      {"llvm", offsetof(struct prov_record, llvm)},
      {"stage", offsetof(struct prov_record, stage)},
      {"source", offsetof(struct prov_record, source)},
      {"options", offsetof(struct prov_record, options)},
  };
  static const struct prov_field counts[] = {
      {"functions", offsetof(struct prov_record, functions)},
      {"instrumented", offsetof(struct prov_record, instrumented)},
      {"excluded", offsetof(struct prov_record, excluded)},
      {"sites", offsetof(struct prov_record, sites)},
  };
  int kind;

  for (size_t i = 0; i < sizeof strings / sizeof *strings; i++)
    if (strcmp(key, strings[i].key) == 0) {
      *(const char **)((char *)r + strings[i].offset) = value;
      return;
    }
  for (size_t i = 0; i < sizeof counts / sizeof *counts; i++)
    if (strcmp(key, counts[i].key) == 0) {
      *(unsigned long *)((char *)r + counts[i].offset) = count_of(value);
      return;
    }
  if ((kind = util_kind_number(key)) >= 0) {
    r->kinds[kind] = count_of(value);
    return;
  }
  /* A key of a newer pass: ignored. */
}

int prov_parse(const char *record, struct prov_record *out) {
  static const char magic_prefix[] = "ptrhook-provenance-";
  char *field, *next;

  memset(out, 0, sizeof *out);
  if (strncmp(record, magic_prefix, sizeof magic_prefix - 1) != 0) {
    errno = EINVAL;
    return -1;
  }
  out->text = strdup(record);
  if (!out->text) {
    errno = ENOMEM;
    return -1;
  }
  out->plugin = out->llvm = out->stage = out->source = out->options = "?";

  /* The magic is the first field; its number is the record format. */
  field = out->text;
  next = strchr(field, '\t');
  if (next)
    *next++ = '\0';
  out->version = (unsigned)count_of(field + sizeof magic_prefix - 1);
  for (field = next; field; field = next) {
    char *eq;
    next = strchr(field, '\t');
    if (next)
      *next++ = '\0';
    eq = strchr(field, '=');
    if (!eq)
      continue;
    *eq = '\0';
    set_field(out, field, eq + 1);
  }
  return 0;
}

void prov_free(struct prov_record *r) {
  free(r->text);
  r->text = NULL;
}

int prov_has_option(const char *options, const char *param) {
  size_t len = strlen(param);

  for (const char *p = options; p && *p;) {
    const char *end = strchr(p, ';');
    size_t n = end ? (size_t)(end - p) : strlen(p);
    if (n == len && strncmp(p, param, len) == 0)
      return 1;
    p = end ? end + 1 : NULL;
  }
  return 0;
}
