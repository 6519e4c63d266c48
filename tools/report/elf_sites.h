/*===-- elf_sites.h - read what the ptrhook pass left in an ELF file -------===*
 *
 * The reader behind ptrhook-report.  It opens an ELF file or a static
 * archive of them, and for each ELF object (the file itself, or each archive
 * member in turn) enumerates:
 *
 *   - the provenance records of section ptrhook_provenance (raw text; see
 *     prov.h for the parser),
 *   - the site descriptors of section ptrhook_sites, with their function,
 *     file and directory strings resolved through whatever relocates them
 *     (.rela sections in a .o, dynamic relocations in a PIE or a DSO, the
 *     absolute address in place in a non-PIE executable),
 *   - the function symbols (STT_FUNC, size > 0) and the file symbols
 *     (STT_FILE) of .symtab, or of .dynsym when the file is stripped.
 *
 * Callbacks (es_*_fn) return 0 to go on; any other value stops the
 * iteration and is returned by es_foreach_*.  Every string handed to a
 * callback points into the object's data and stays valid until the next
 * es_next_object() or es_close() on its input.
 *
 * Functions returning int return -1 on failure, with a message naming the
 * file and the reason in es_error(); nothing is printed.
 *
 * USAGE:
 *   struct es_input *in;
 *   struct es_object *obj;
 *   if (es_open(path, &in) != 0) { puts(es_error(in)); es_close(in); ... }
 *   while ((rc = es_next_object(in, &obj)) > 0)
 *     es_foreach_site(obj, print_site, NULL);
 *   es_close(in);
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_ELF_SITES_H
#define PTRHOOK_ELF_SITES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct es_input;  /* an open file: one ELF object or a static archive */
struct es_object; /* one ELF object of an input */

/* What an ELF object is, from e_type, PT_INTERP and DT_FLAGS_1. */
enum es_type {
  ES_RELOCATABLE, /* ET_REL: a .o, or an archive member */
  ES_EXECUTABLE,  /* ET_EXEC: a non-PIE executable */
  ES_PIE,         /* ET_DYN with PT_INTERP or DF_1_PIE */
  ES_SHARED,      /* ET_DYN otherwise: a shared object */
  ES_OTHER        /* a core file, ET_NONE ... */
};

/* Facts about one object, valid until the next es_next_object(). */
struct es_info {
  const char *path;     /* the file given to es_open() */
  const char *member;   /* the archive member's name, or NULL */
  enum es_type type;
  unsigned elf_class;   /* 32 or 64 */
  unsigned ptr_size;    /* 4 or 8: a site's pointers */
  unsigned machine;     /* e_machine (EM_X86_64 ...) */
  bool static_link;     /* an executable without PT_INTERP (-static,
                           -static-pie) */
  bool has_symtab;      /* .symtab present: symbols come from it, else from
                           .dynsym (exported names only, no STT_FILE) */
  bool has_sites;       /* at least one ptrhook_sites section */
  bool has_provenance;  /* at least one ptrhook_provenance section */
};

/* One hook site descriptor (struct ptrhook_site, ptrhook.h) as read from
 * the file.  A string that cannot be resolved (no relocation, or it points
 * outside every section with contents) is NULL. */
struct es_site {
  unsigned version; /* PTRHOOK_SITE_VERSION of the pass that wrote it */
  unsigned kind;    /* PTRHOOK_KIND_* */
  unsigned line;
  unsigned column;
  unsigned flags;   /* PTRHOOK_SITE_* */
  const char *function;
  const char *file;
  const char *directory;
  uint64_t offset;  /* of the descriptor in its section */
  uint64_t address; /* its link-time address (sh_addr + offset; a .o: 0) */
  size_t stride;    /* bytes of a descriptor of this layout */
  /* Version 2, flag PTRHOOK_SITE_ELIDED: base and anchor site, relative
   * indices, and the offset from the base's address (ptrhook.h). */
  int32_t base;
  int32_t anchor;
  int64_t delta;
};

/* One PT_LOAD segment of a linked object: [vaddr, vaddr + memsz). */
struct es_segment {
  uint64_t vaddr;
  uint64_t memsz;
  bool writable;
};

/* A symbol of .symtab (or .dynsym), with the STT_FILE symbol it belongs
 * to: a local symbol belongs to the file symbol before it; global symbols,
 * and hidden ones the linker made local, are not attributed (file_index
 * -1, file NULL). */
struct es_symbol {
  const char *name;
  uint64_t value;
  uint64_t size;
  bool local;   /* STB_LOCAL */
  bool weak;    /* STB_WEAK */
  bool defined; /* st_shndx != SHN_UNDEF */
  int file_index;   /* index among the object's file symbols, or -1 */
  const char *file; /* that file symbol's name, or NULL */
};

typedef int (*es_string_fn)(const char *str, void *arg);
typedef int (*es_site_fn)(const struct es_site *site, void *arg);
typedef int (*es_symbol_fn)(const struct es_symbol *sym, void *arg);

/* Opens PATH (an ELF file or an ar archive) and stores the handle in *OUT.
 * Returns 0, or -1 with the reason in es_error(*OUT): a missing or
 * unreadable file, a file that is neither ELF nor an archive (LLVM bitcode
 * is named as such).  *OUT is set in both cases; es_close() it. */
int es_open(const char *path, struct es_input **out);

/* Returns true if the input is an ar archive. */
bool es_is_archive(const struct es_input *in);

/* Moves to the next ELF object of IN: the file itself, or the next archive
 * member (the archive's symbol and name tables are skipped), and stores it
 * in *OBJ.  Returns 1, 0 when there is none left, or -1 when a member
 * cannot be read as ELF: es_error() says why, and the next call moves on to
 * the member after it.  The previous object is closed. */
int es_next_object(struct es_input *in, struct es_object **obj);

/* The object's facts.  Cannot fail. */
const struct es_info *es_object_info(const struct es_object *obj);

/* Calls FN for each NUL-terminated string of every section named SECTION
 * (".comment": the compilers that built the object), in file order,
 * skipping the zero padding between them.  Returns the number of strings,
 * FN's nonzero value, or -1 on a read error (an unterminated string). */
int es_foreach_string(struct es_object *obj, const char *section,
                      es_string_fn fn, void *arg);

/* es_foreach_string() of the ptrhook_provenance sections: one record per
 * instrumented module, in link order. */
int es_foreach_provenance(struct es_object *obj, es_string_fn fn, void *arg);

/* Calls FN for each site descriptor of every ptrhook_sites section, in
 * file order; all-zero slots (padding) are skipped.  Returns the number of
 * sites, FN's nonzero value, or -1 on a read error or a descriptor of a
 * layout version other than 1 (whose size this reader cannot know). */
int es_foreach_site(struct es_object *obj, es_site_fn fn, void *arg);

/* The link-time address and size of the (first) ptrhook_sites section in
 * *ADDR and *SIZE.  Returns 1, or 0 when the object has none. */
int es_sites_section(struct es_object *obj, uint64_t *addr, uint64_t *size);

/* Stores up to MAX PT_LOAD segments in SEG.  Returns how many the object
 * has (may exceed MAX), 0 for a .o. */
size_t es_segments(struct es_object *obj, struct es_segment *seg, size_t max);

/* Calls FN for each defined STT_FUNC symbol with a size > 0.  Returns the
 * number of such symbols, FN's nonzero value, or -1 on a read error. */
int es_foreach_function(struct es_object *obj, es_symbol_fn fn, void *arg);

/* Calls FN for each STT_FILE symbol of .symtab with a non-empty name, in
 * symbol table order; file_index numbers them from 0.  Returns their
 * number (0 without .symtab), FN's nonzero value, or -1 on a read error. */
int es_foreach_file(struct es_object *obj, es_symbol_fn fn, void *arg);

/* Looks up the symbol NAME (first in .symtab, else .dynsym) and copies it
 * to *SYM.  Returns 1 if found, 0 if not, -1 on a read error. */
int es_find_symbol(struct es_object *obj, const char *name,
                   struct es_symbol *sym);

/* The last error of IN, "PATH: reason" or "PATH(member): reason"; "" if
 * none.  Cannot fail. */
const char *es_error(const struct es_input *in);

/* Closes IN and its current object.  IN may be NULL. */
void es_close(struct es_input *in);

#endif /* PTRHOOK_ELF_SITES_H */
