/*===-- elfread_internal.h - the ELF reader's shared state ---------*- C -*-===*
 *
 * Private to the ELF reader (elfread.h): the state of an open input and of
 * its current object, which the reader's three files share, and the helpers
 * they all use.
 *
 *   elfread_file.c     opening a file or archive, its objects and their
 *                      facts, errors, sections by name;
 *   elfread_sites.c    string sections (provenance records, .comment), site
 *                      descriptors with their strings resolved, segments;
 *   elfread_symbols.c  function and file symbols, and lookups by name.
 *===----------------------------------------------------------------------===*/
#ifndef PTRHOOK_REPORT_ELFREAD_INTERNAL_H
#define PTRHOOK_REPORT_ELFREAD_INTERNAL_H

#include <gelf.h>

#include "elfread.h"

/* A section that is part of the loaded image, for address lookups. */
struct elfread_image_section {
  uint64_t addr;
  uint64_t size;
  const char *bytes;
};

struct elfread_object {
  struct elfread_input *in;
  Elf *elf;
  struct elfread_info info;
  char *member;    /* owned copy of the archive member's name */
  size_t shstrndx; /* section header string table */
  bool big_endian; /* ELFDATA2MSB */
  Elf_Scn *symtab; /* .symtab, else .dynsym, else NULL */
  Elf_Scn *dynsym; /* .dynsym or NULL */
  struct elfread_image_section *image; /* built on first use */
  size_t n_image;
  bool image_ready;
};

struct elfread_input {
  char *path;
  int fd;
  Elf *elf; /* the file: an ELF object or an archive */
  bool archive;
  bool started; /* the first object was handed out */
  Elf *member;  /* the current archive member, or NULL */
  struct elfread_object obj;
  bool have_obj;
  char err[1024];
};

/* Stores "PATH[(MEMBER)]: message" as IN's last error.  Returns -1, so
 * that callers can `return elfread_set_error(...)`. */
int elfread_set_error(struct elfread_input *in, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* libelf's message for its last error.  Never NULL. */
const char *elfread_libelf_error(void);

/* The name of section SCN, or "" when it has none. */
const char *elfread_section_name(const struct elfread_object *obj,
                                 Elf_Scn *scn);

/* The bytes of section SCN (its one Elf_Data) in *DATA.  Returns 0, or -1
 * with the error set. */
int elfread_section_bytes(struct elfread_object *obj, Elf_Scn *scn,
                          Elf_Data **data);

#endif /* PTRHOOK_REPORT_ELFREAD_INTERNAL_H */
