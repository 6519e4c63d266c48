/*===-- prov.h - parse ptrhook provenance records --------------------------===*
 *
 * A provenance record (ptrhook_abi.h, PTRHOOK_PROVENANCE_SECTION) is one
 * line of tab-separated key=value fields after the magic
 * "ptrhook-provenance-1".  prov_parse() turns one into a struct; keys it
 * does not know are ignored, so that records which gained fields still
 * parse, and keys that are missing read as "?" or 0.
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_PROV_H
#define PTRHOOK_PROV_H

#include "ptrhook_abi.h"

struct prov_record {
  char *text;          /* owned copy of the record; the strings point in it */
  unsigned version;    /* the number after "ptrhook-provenance-" */
  const char *plugin;  /* ptrhook version of the plugin */
  const char *llvm;    /* LLVM version the plugin was built against */
  const char *stage;   /* "compile" or "link" */
  const char *source;  /* the module's source file name */
  const char *options; /* the pass parameters, "kinds=all;skip-noop;..." */
  unsigned long functions;    /* functions defined in the module */
  unsigned long instrumented; /* ... of which the pass instrumented */
  unsigned long excluded;     /* ... and left alone (selection, opt-out) */
  unsigned long sites;        /* hook sites, all kinds */
  unsigned long kinds[PTRHOOK_KIND_COUNT]; /* sites per PTRHOOK_KIND_* */
};

/* Parses RECORD into *OUT.  Returns 0; -1 with errno EINVAL if RECORD does
 * not start with the provenance magic (then *OUT is left empty), or ENOMEM.
 * Release *OUT with prov_free(). */
int prov_parse(const char *record, struct prov_record *out);

/* Frees what prov_parse() allocated; *R may be zeroed or freed twice. */
void prov_free(struct prov_record *r);

/* Returns 1 if the options string OPTIONS holds the parameter PARAM
 * (";"-separated: prov_has_option("kinds=all;no-sites", "no-sites")), else
 * 0. */
int prov_has_option(const char *options, const char *param);

#endif /* PTRHOOK_PROV_H */
