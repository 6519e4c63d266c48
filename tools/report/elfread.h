/*===-- elfread.h - read what the ptrhook pass left in an ELF file ---------===*
 *
 * The reader behind ptrhook-report (elfread_*.c, on libelf; its files
 * are listed in elfread_internal.h).  It opens an ELF file or a static
 * archive of them, and for each ELF object (the file itself, or each archive
 * member in turn) enumerates:
 *
 *   - the provenance records of section ptrhook_provenance (raw text; see
 *     prov.h for the parser),
 *   - the site descriptors of section ptrhook_sites3 (layout 3: strings
 *     in the section itself) and of section ptrhook_sites (layouts 1 and
 *     2), with their function, file and directory strings resolved
 *     through whatever relocates them
 *     (.rela sections in a .o, dynamic relocations in a PIE or a DSO, the
 *     absolute address in place in a non-PIE executable),
 *   - the function symbols (STT_FUNC, size > 0) and the file symbols
 *     (STT_FILE) of .symtab, or of .dynsym when the file is stripped.
 *
 * Callbacks (elfread_*_fn) return 0 to go on; any other value stops the
 * iteration and is returned by elfread_foreach_*.  Every string handed to a
 * callback points into the object's data and stays valid until the next
 * elfread_next_object() or elfread_close() on its input.
 *
 * Functions returning int return -1 on failure, with a message naming the
 * file and the reason in elfread_error(); nothing is printed.
 *
 * USAGE:
 *   struct elfread_input *in;
 *   struct elfread_object *obj;
 *   if (elfread_open(path, &in) != 0) {
 *     puts(elfread_error(in));
 *     elfread_close(in); ...
 *   }
 *   while ((rc = elfread_next_object(in, &obj)) > 0)
 *     elfread_foreach_site(obj, print_site, NULL);
 *   elfread_close(in);
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_REPORT_ELFREAD_H
#define PTRHOOK_REPORT_ELFREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct elfread_input;  /* an open file: one ELF object or a static archive */
struct elfread_object; /* one ELF object of an input */

/* What an ELF object is, from e_type, PT_INTERP and DT_FLAGS_1. */
enum elfread_type {
  ELFREAD_RELOCATABLE, /* ET_REL: a .o, or an archive member */
  ELFREAD_EXECUTABLE,  /* ET_EXEC: a non-PIE executable */
  ELFREAD_PIE,         /* ET_DYN with PT_INTERP or DF_1_PIE */
  ELFREAD_SHARED,      /* ET_DYN otherwise: a shared object */
  ELFREAD_OTHER        /* a core file, ET_NONE ... */
};

/* Facts about one object, valid until the next elfread_next_object(). */
struct elfread_info {
  const char *path;   /* the file given to elfread_open() */
  const char *member; /* the archive member's name, or NULL */
  enum elfread_type type;
  unsigned elf_class;  /* 32 or 64 */
  unsigned ptr_size;   /* 4 or 8: a site's pointers */
  unsigned machine;    /* e_machine (EM_X86_64 ...) */
  bool static_link;    /* an executable without PT_INTERP (-static,
                          -static-pie) */
  bool has_symtab;     /* .symtab present: symbols come from it, else from
                          .dynsym (exported names only, no STT_FILE) */
  bool has_sites;      /* at least one ptrhook_sites3 or ptrhook_sites
                          section */
  bool has_provenance; /* at least one ptrhook_provenance section */
};

/* One hook site descriptor (struct ptrhook_site, ptrhook.h) as read from
 * the file.  A string that cannot be resolved (no relocation, or it points
 * outside every section with contents) is NULL. */
struct elfread_site {
  unsigned version; /* layout: 1, 2 or 3 (PTRHOOK_SITE_VERSION) */
  unsigned kind;    /* PTRHOOK_KIND_* */
  unsigned line;
  unsigned column;
  unsigned flags; /* PTRHOOK_SITE_* */
  const char *function;
  const char *file;
  const char *directory;
  uint64_t offset;  /* of the descriptor in its section */
  uint64_t address; /* its link-time address (sh_addr + offset; a .o: 0) */
  size_t stride;    /* bytes of a descriptor of this layout */
  /* Versions 2 and 3, flag PTRHOOK_SITE_ELIDED: base and anchor site, relative
   * indices, and the offset from the base's address (ptrhook.h). */
  int32_t base;
  int32_t anchor;
  int64_t delta;
};

/* One PT_LOAD segment of a linked object: [vaddr, vaddr + memsz). */
struct elfread_segment {
  uint64_t vaddr;
  uint64_t memsz;
  bool writable;
};

/* A symbol of .symtab (or .dynsym), with the STT_FILE symbol it belongs
 * to: a local symbol belongs to the file symbol before it; global symbols,
 * and hidden ones the linker made local, are not attributed (file_index
 * -1, file NULL). */
struct elfread_symbol {
  const char *name;
  uint64_t value;
  uint64_t size;
  bool local;       /* STB_LOCAL */
  bool weak;        /* STB_WEAK */
  bool defined;     /* st_shndx != SHN_UNDEF */
  int file_index;   /* index among the object's file symbols, or -1 */
  const char *file; /* that file symbol's name, or NULL */
};

typedef int (*elfread_string_fn)(const char *str, void *arg);
typedef int (*elfread_site_fn)(const struct elfread_site *site, void *arg);
typedef int (*elfread_symbol_fn)(const struct elfread_symbol *sym, void *arg);

/* Opens PATH (an ELF file or an ar archive) and stores the handle in *OUT.
 * Returns 0, or -1 with the reason in elfread_error(*OUT): a missing or
 * unreadable file, a file that is neither ELF nor an archive (LLVM bitcode
 * is named as such).  *OUT is set in both cases; elfread_close() it. */
int elfread_open(const char *path, struct elfread_input **out);

/* Returns true if the input is an ar archive. */
bool elfread_is_archive(const struct elfread_input *in);

/* Moves to the next ELF object of IN: the file itself, or the next archive
 * member (the archive's symbol and name tables are skipped), and stores it
 * in *OBJ.  Returns 1, 0 when there is none left, or -1 when a member
 * cannot be read as ELF: elfread_error() says why, and the next call moves on
 * to the member after it.  The previous object is closed. */
int elfread_next_object(struct elfread_input *in, struct elfread_object **obj);

/* The object's facts.  Cannot fail. */
const struct elfread_info *
elfread_object_info(const struct elfread_object *obj);

/* Calls FN for each NUL-terminated string of every section named SECTION
 * (".comment": the compilers that built the object), in file order,
 * skipping the zero padding between them.  Returns the number of strings,
 * FN's nonzero value, or -1 on a read error (an unterminated string). */
int elfread_foreach_string(struct elfread_object *obj, const char *section,
                           elfread_string_fn fn, void *arg);

/* elfread_foreach_string() of the ptrhook_provenance sections: one record per
 * instrumented module, in link order. */
int elfread_foreach_provenance(struct elfread_object *obj, elfread_string_fn fn,
                               void *arg);

/* Calls FN for each site descriptor of every ptrhook_sites3 and
 * ptrhook_sites section, in file order; padding and (layout 3) function
 * records are skipped.  Returns the number of sites, FN's nonzero value,
 * or -1 on a read error or a descriptor of an unknown layout. */
int elfread_foreach_site(struct elfread_object *obj, elfread_site_fn fn,
                         void *arg);

/* The link-time address and size of the ptrhook_sites3 section (else the
 * ptrhook_sites one) in
 * *ADDR and *SIZE.  Returns 1, or 0 when the object has none. */
int elfread_sites_section(struct elfread_object *obj, uint64_t *addr,
                          uint64_t *size);

/* Stores up to MAX PT_LOAD segments in SEG.  Returns how many the object
 * has (may exceed MAX), 0 for a .o. */
size_t elfread_segments(struct elfread_object *obj, struct elfread_segment *seg,
                        size_t max);

/* Calls FN for each defined STT_FUNC symbol with a size > 0.  Returns the
 * number of such symbols, FN's nonzero value, or -1 on a read error. */
int elfread_foreach_function(struct elfread_object *obj, elfread_symbol_fn fn,
                             void *arg);

/* Calls FN for each STT_FILE symbol of .symtab with a non-empty name, in
 * symbol table order; file_index numbers them from 0.  Returns their
 * number (0 without .symtab), FN's nonzero value, or -1 on a read error. */
int elfread_foreach_file(struct elfread_object *obj, elfread_symbol_fn fn,
                         void *arg);

/* Looks up the symbol NAME (first in .symtab, else .dynsym) and copies it
 * to *SYM.  Returns 1 if found, 0 if not, -1 on a read error. */
int elfread_find_symbol(struct elfread_object *obj, const char *name,
                        struct elfread_symbol *sym);

/* The last error of IN, "PATH: reason" or "PATH(member): reason"; "" if
 * none.  Cannot fail. */
const char *elfread_error(const struct elfread_input *in);

/* Closes IN and its current object.  IN may be NULL. */
void elfread_close(struct elfread_input *in);

#endif /* PTRHOOK_REPORT_ELFREAD_H */
