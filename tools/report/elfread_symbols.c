/*===-- elfread_symbols.c - the function and file symbols of an object ----===*
 *
 * See elfread.h.  Symbols come from .symtab, or from .dynsym in a stripped
 * file; a local symbol belongs to the file symbol (STT_FILE) before it.
 *===----------------------------------------------------------------------===*/
#include "elfread_internal.h"

#include <string.h>

/*===-- Symbols -----------------------------------------------------------===*/

/* Walks the symbol table SCN, attributing local symbols to the file
 * symbol before them, and calls FN for those WANT accepts.  Returns their
 * number, FN's nonzero value, or -1. */
static int walk_symbols(struct elfread_object *obj, Elf_Scn *scn,
                        bool (*want)(const GElf_Sym *, const char *,
                                     const char *),
                        const char *want_arg, elfread_symbol_fn fn, void *arg) {
  GElf_Shdr sh;
  Elf_Data *data;
  size_t n;
  int count = 0, file_index = -1, files = 0;
  const char *file = NULL;

  if (!scn)
    return 0;
  if (!gelf_getshdr(scn, &sh))
    return elfread_set_error(obj->in, "cannot read the symbol table: %s",
                             elfread_libelf_error());
  if (elfread_section_bytes(obj, scn, &data) != 0)
    return -1;
  n = sh.sh_entsize ? sh.sh_size / sh.sh_entsize : 0;
  for (size_t i = 1; i < n; i++) {
    GElf_Sym s;
    struct elfread_symbol sym;
    const char *name;
    bool attributed;
    int rc;

    if (!gelf_getsym(data, (int)i, &s))
      return elfread_set_error(obj->in, "cannot read symbol %zu: %s", i,
                               elfread_libelf_error());
    name = elf_strptr(obj->elf, sh.sh_link, s.st_name);
    if (!name)
      name = "";
    if (GELF_ST_TYPE(s.st_info) == STT_FILE) {
      /* ld.bfd ends with an unnamed one: what follows is the linker's. */
      file_index = *name ? files++ : -1;
      file = *name ? name : NULL;
    }
    if (!want(&s, name, want_arg))
      continue;
    sym.name = name;
    sym.value = s.st_value;
    sym.size = s.st_size;
    sym.local = GELF_ST_BIND(s.st_info) == STB_LOCAL;
    sym.weak = GELF_ST_BIND(s.st_info) == STB_WEAK;
    sym.defined = s.st_shndx != SHN_UNDEF;
    /* A hidden symbol made local by the linker (libc_nonshared.a's
     * atexit, a -fvisibility=hidden function) lands after whatever file
     * symbol came last: it has no file. */
    attributed = sym.local && GELF_ST_VISIBILITY(s.st_other) == STV_DEFAULT;
    sym.file_index = attributed ? file_index : -1;
    sym.file = attributed ? file : NULL;
    count++;
    if (fn && (rc = fn(&sym, arg)) != 0)
      return rc;
  }
  return count;
}

static bool is_function(const GElf_Sym *s, const char *name,
                        const char *unused) {
  (void)name;
  (void)unused;
  return GELF_ST_TYPE(s->st_info) == STT_FUNC && s->st_size > 0 &&
         s->st_shndx != SHN_UNDEF;
}

static bool is_named_file(const GElf_Sym *s, const char *name,
                          const char *unused) {
  (void)unused;
  return GELF_ST_TYPE(s->st_info) == STT_FILE && *name;
}

int elfread_foreach_function(struct elfread_object *obj, elfread_symbol_fn fn,
                             void *arg) {
  return walk_symbols(obj, obj->symtab, is_function, NULL, fn, arg);
}

int elfread_foreach_file(struct elfread_object *obj, elfread_symbol_fn fn,
                         void *arg) {
  if (!obj->info.has_symtab)
    return 0;
  return walk_symbols(obj, obj->symtab, is_named_file, NULL, fn, arg);
}

static bool has_name(const GElf_Sym *s, const char *name, const char *wanted) {
  (void)s;
  return strcmp(name, wanted) == 0;
}

static int copy_symbol(const struct elfread_symbol *sym, void *arg) {
  *(struct elfread_symbol *)arg = *sym;
  return 1;
}

int elfread_find_symbol(struct elfread_object *obj, const char *name,
                        struct elfread_symbol *sym) {
  int rc;

  rc = walk_symbols(obj, obj->symtab, has_name, name, copy_symbol, sym);
  if (rc == 0 && obj->dynsym && obj->dynsym != obj->symtab)
    rc = walk_symbols(obj, obj->dynsym, has_name, name, copy_symbol, sym);
  return rc < 0 ? -1 : rc > 0;
}
