/*===-- elf_sites.c - read what the ptrhook pass left in an ELF file -------===*
 *
 * See elf_sites.h.  Everything goes through libelf's gelf_* interface, so
 * 32- and 64-bit files of either byte order are read alike; only the site
 * descriptors, which libelf sees as plain bytes, are decoded by hand in the
 * file's byte order.
 *
 * How a site's three string pointers are found depends on the file:
 *   ET_REL   the bytes in place are 0; a .rela (or .rel) section whose
 *            sh_info names the ptrhook_sites section points each slot at a
 *            symbol (usually the section symbol of .rodata.str1.1) + addend;
 *   ET_DYN   the linker turned those into dynamic relocations, usually
 *            R_*_RELATIVE with the target address as addend, and may have
 *            left 0 in place (lld does, ld.bfd writes the address too);
 *            with RELR packing the address is in place;
 *   ET_EXEC  the absolute address is in place.
 * So: a relocation that covers the slot wins, else the bytes in place are
 * an address.  Addresses are mapped back to bytes through the section
 * headers (every section with contents that is part of the image).
 *===----------------------------------------------------------------------===*/
#include "elf_sites.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ptrhook_abi.h"

/* A section that is part of the loaded image, for address lookups. */
struct es_image_section {
  uint64_t addr;
  uint64_t size;
  const char *bytes;
};

struct es_object {
  struct es_input *in;
  Elf *elf;
  struct es_info info;
  char *member;       /* owned copy of the archive member's name */
  size_t shstrndx;    /* section header string table */
  bool big_endian;    /* ELFDATA2MSB */
  Elf_Scn *symtab;    /* .symtab, else .dynsym, else NULL */
  Elf_Scn *dynsym;    /* .dynsym or NULL */
  struct es_image_section *image; /* built on first use */
  size_t n_image;
  bool image_ready;
};

struct es_input {
  char *path;
  int fd;
  Elf *elf;          /* the file: an ELF object or an archive */
  bool archive;
  bool started;      /* the first object was handed out */
  Elf *member;       /* the current archive member, or NULL */
  struct es_object obj;
  bool have_obj;
  char err[1024];
};

/* One resolved pointer slot of a ptrhook_sites section. */
struct es_slot {
  bool set;        /* a relocation covers this slot */
  const char *str; /* what it points at, NULL if unresolvable */
};

/*===-- Errors ------------------------------------------------------------===*/

/* Stores "PATH[(MEMBER)]: message" as IN's last error.  Returns -1, so
 * that callers can `return set_error(...)`. */
static int set_error(struct es_input *in, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static int set_error(struct es_input *in, const char *fmt, ...) {
  va_list ap;
  int n;

  if (in->member && elf_getarhdr(in->member))
    n = snprintf(in->err, sizeof in->err, "%s(%s): ", in->path,
                 elf_getarhdr(in->member)->ar_name);
  else
    n = snprintf(in->err, sizeof in->err, "%s: ", in->path);
  if (n < 0 || (size_t)n >= sizeof in->err)
    return -1;
  va_start(ap, fmt);
  vsnprintf(in->err + n, sizeof in->err - (size_t)n, fmt, ap);
  va_end(ap);
  return -1;
}

static const char *libelf_error(void) {
  const char *msg = elf_errmsg(-1);
  return msg ? msg : "unknown libelf error";
}

/*===-- Small readers -----------------------------------------------------===*/

/* An unsigned integer of SIZE bytes at P, in the file's byte order. */
static uint64_t read_uint(const struct es_object *obj, const unsigned char *p,
                          unsigned size) {
  uint64_t v = 0;
  for (unsigned i = 0; i < size; i++) {
    unsigned shift = obj->big_endian ? 8 * (size - 1 - i) : 8 * i;
    v |= (uint64_t)p[i] << shift;
  }
  return v;
}

/* The name of section SCN, or "" when it has none. */
static const char *section_name(const struct es_object *obj, Elf_Scn *scn) {
  GElf_Shdr sh;
  const char *name;

  if (!gelf_getshdr(scn, &sh))
    return "";
  name = elf_strptr(obj->elf, obj->shstrndx, sh.sh_name);
  return name ? name : "";
}

/* The bytes of section SCN (its one Elf_Data) in *DATA.  Returns 0, or -1
 * with the error set. */
static int section_bytes(struct es_object *obj, Elf_Scn *scn,
                         Elf_Data **data) {
  *data = elf_getdata(scn, NULL);
  if (!*data)
    return set_error(obj->in, "cannot read section %s: %s",
                     section_name(obj, scn), libelf_error());
  return 0;
}

/* A NUL-terminated string at OFF in BYTES[0, SIZE), or NULL. */
static const char *string_in(const char *bytes, uint64_t size, uint64_t off) {
  if (!bytes || off >= size || !memchr(bytes + off, '\0', size - off))
    return NULL;
  return bytes + off;
}

/* The string at OFF in section SHNDX of a relocatable object, or NULL. */
static const char *string_in_section(struct es_object *obj, size_t shndx,
                                     uint64_t off) {
  Elf_Scn *scn;
  GElf_Shdr sh;
  Elf_Data *data;

  if (shndx == SHN_UNDEF || shndx >= SHN_LORESERVE)
    return NULL;
  scn = elf_getscn(obj->elf, shndx);
  if (!scn || !gelf_getshdr(scn, &sh) || sh.sh_type == SHT_NOBITS)
    return NULL;
  data = elf_getdata(scn, NULL);
  if (!data)
    return NULL;
  return string_in(data->d_buf, data->d_size, off);
}

/* Collects the sections of the loaded image, once per object.  Returns 0,
 * or -1 with the error set. */
static int build_image(struct es_object *obj) {
  Elf_Scn *scn = NULL;
  size_t n = 0, cap = 0;
  struct es_image_section *v = NULL;
  int rc = -1;

  if (obj->image_ready)
    return 0;
  while ((scn = elf_nextscn(obj->elf, scn)) != NULL) {
    GElf_Shdr sh;
    Elf_Data *data;

    if (!gelf_getshdr(scn, &sh) || !(sh.sh_flags & SHF_ALLOC) ||
        sh.sh_type == SHT_NOBITS || sh.sh_size == 0)
      continue;
    if (section_bytes(obj, scn, &data) != 0)
      goto cleanup;
    if (n == cap) {
      struct es_image_section *nv;
      cap = cap ? 2 * cap : 32;
      nv = realloc(v, cap * sizeof *v);
      if (!nv) {
        set_error(obj->in, "out of memory");
        goto cleanup;
      }
      v = nv;
    }
    v[n].addr = sh.sh_addr;
    v[n].size = data->d_size;
    v[n].bytes = data->d_buf;
    n++;
  }
  obj->image = v;
  obj->n_image = n;
  obj->image_ready = true;
  v = NULL;
  rc = 0;
cleanup:
  free(v);
  return rc;
}

/* The string at virtual address ADDR of a linked object, or NULL. */
static const char *string_at(const struct es_object *obj, uint64_t addr) {
  for (size_t i = 0; i < obj->n_image; i++) {
    const struct es_image_section *s = &obj->image[i];
    if (addr >= s->addr && addr - s->addr < s->size)
      return string_in(s->bytes, s->size, addr - s->addr);
  }
  return NULL;
}

/*===-- Opening files and archive members ---------------------------------===*/

/* What a file that libelf does not take for ELF or ar looks like, for the
 * error message. */
static const char *describe_non_elf(const char *bytes, size_t size) {
  static const unsigned char bitcode[] = {'B', 'C', 0xC0, 0xDE};
  static const unsigned char wrapper[] = {0xDE, 0xC0, 0x17, 0x0B};

  if (size == 0)
    return "empty file, not an ELF object";
  if (size >= 4 && (memcmp(bytes, bitcode, 4) == 0 ||
                    memcmp(bytes, wrapper, 4) == 0))
    return "LLVM bitcode, not an ELF object (an -flto object: check the "
           "binary it is linked into)";
  if (size >= 8 && memcmp(bytes, "!<thin>\n", 8) == 0)
    return "a thin archive: its members are separate files; check them";
  return "not an ELF object or archive";
}

/* Fills OBJ's facts from ELF.  Returns 0, or -1 with the error set. */
static int setup_object(struct es_input *in, Elf *elf, const char *member) {
  struct es_object *obj = &in->obj;
  GElf_Ehdr eh;
  size_t nphdr = 0, nshdr = 0, file_size = 0;
  bool interp = false, pie_flag = false;
  Elf_Scn *scn = NULL;

  memset(obj, 0, sizeof *obj);
  obj->in = in;
  obj->elf = elf;
  obj->info.path = in->path;
  if (member) {
    obj->member = strdup(member);
    if (!obj->member)
      return set_error(in, "out of memory");
    obj->info.member = obj->member;
  }
  in->have_obj = true;
  if (!gelf_getehdr(elf, &eh))
    return set_error(in, "cannot read the ELF header: %s", libelf_error());
  /* libelf reads what is there: a cut file would look section-less. */
  if (eh.e_shoff == 0)
    return set_error(in, "no section headers: nothing to check");
  if (!elf_rawfile(elf, &file_size) || eh.e_shoff > file_size ||
      eh.e_shentsize == 0 ||
      (file_size - eh.e_shoff) / eh.e_shentsize < eh.e_shnum)
    return set_error(in, "truncated: the section headers end past the end "
                         "of the file");
  if (elf_getshdrnum(elf, &nshdr) != 0 || nshdr == 0)
    return set_error(in, "cannot read the section headers: %s",
                     libelf_error());
  if (elf_getshdrstrndx(elf, &obj->shstrndx) != 0)
    return set_error(in, "cannot read the section names: %s",
                     libelf_error());
  obj->info.elf_class = eh.e_ident[EI_CLASS] == ELFCLASS32 ? 32 : 64;
  obj->info.ptr_size = obj->info.elf_class / 8;
  obj->info.machine = eh.e_machine;
  obj->big_endian = eh.e_ident[EI_DATA] == ELFDATA2MSB;

  if (elf_getphdrnum(elf, &nphdr) != 0)
    nphdr = 0;
  for (size_t i = 0; i < nphdr; i++) {
    GElf_Phdr ph;
    if (gelf_getphdr(elf, (int)i, &ph) && ph.p_type == PT_INTERP)
      interp = true;
  }

  while ((scn = elf_nextscn(elf, scn)) != NULL) {
    GElf_Shdr sh;
    const char *name;

    if (!gelf_getshdr(scn, &sh))
      return set_error(in, "cannot read a section header: %s",
                       libelf_error());
    name = section_name(obj, scn);
    if (sh.sh_type == SHT_SYMTAB && !obj->symtab)
      obj->symtab = scn;
    else if (sh.sh_type == SHT_DYNSYM && !obj->dynsym)
      obj->dynsym = scn;
    if (strcmp(name, PTRHOOK_SITES_SECTION_NAME) == 0)
      obj->info.has_sites = true;
    else if (strcmp(name, PTRHOOK_PROVENANCE_SECTION_NAME) == 0)
      obj->info.has_provenance = true;
    if (sh.sh_type == SHT_DYNAMIC) {
      Elf_Data *data = elf_getdata(scn, NULL);
      size_t n = sh.sh_entsize ? sh.sh_size / sh.sh_entsize : 0;
      for (size_t i = 0; data && i < n; i++) {
        GElf_Dyn dyn;
        if (gelf_getdyn(data, (int)i, &dyn) && dyn.d_tag == DT_FLAGS_1 &&
            (dyn.d_un.d_val & DF_1_PIE))
          pie_flag = true;
      }
    }
  }
  obj->info.has_symtab = obj->symtab != NULL;
  if (!obj->symtab)
    obj->symtab = obj->dynsym;

  switch (eh.e_type) {
  case ET_REL:
    obj->info.type = ES_RELOCATABLE;
    break;
  case ET_EXEC:
    obj->info.type = ES_EXECUTABLE;
    obj->info.static_link = !interp;
    break;
  case ET_DYN:
    obj->info.type = interp || pie_flag ? ES_PIE : ES_SHARED;
    obj->info.static_link = !interp && pie_flag;
    break;
  default:
    obj->info.type = ES_OTHER;
    break;
  }
  return 0;
}

static void close_object(struct es_input *in) {
  if (!in->have_obj)
    return;
  free(in->obj.member);
  free(in->obj.image);
  memset(&in->obj, 0, sizeof in->obj);
  in->have_obj = false;
}

int es_open(const char *path, struct es_input **out) {
  static bool initialized;
  struct es_input *in;
  struct stat st;
  char *raw;
  size_t size = 0;

  *out = NULL;
  in = calloc(1, sizeof *in);
  if (!in)
    return -1;
  *out = in;
  in->fd = -1;
  in->path = strdup(path);
  if (!in->path) {
    snprintf(in->err, sizeof in->err, "%s: out of memory", path);
    return -1;
  }
  if (!initialized) {
    if (elf_version(EV_CURRENT) == EV_NONE)
      return set_error(in, "libelf is out of date: %s", libelf_error());
    initialized = true;
  }
  in->fd = open(path, O_RDONLY);
  if (in->fd < 0)
    return set_error(in, "%s", strerror(errno));
  if (fstat(in->fd, &st) != 0)
    return set_error(in, "%s", strerror(errno));
  if (S_ISDIR(st.st_mode))
    return set_error(in, "%s", strerror(EISDIR));
  in->elf = elf_begin(in->fd, ELF_C_READ_MMAP, NULL);
  if (!in->elf)
    return set_error(in, "%s", libelf_error());
  switch (elf_kind(in->elf)) {
  case ELF_K_ELF:
    return 0;
  case ELF_K_AR:
    in->archive = true;
    return 0;
  default:
    raw = elf_rawfile(in->elf, &size);
    return set_error(in, "%s", describe_non_elf(raw, raw ? size : 0));
  }
}

bool es_is_archive(const struct es_input *in) { return in->archive; }

/* Archive members that are the archive's own tables, not objects. */
static bool is_table_member(const Elf_Arhdr *h) {
  return !h || strcmp(h->ar_name, "/") == 0 || strcmp(h->ar_name, "//") == 0 ||
         strcmp(h->ar_name, "/SYM64/") == 0;
}

int es_next_object(struct es_input *in, struct es_object **obj) {
  Elf_Cmd cmd = ELF_C_READ_MMAP;

  *obj = NULL;
  close_object(in);
  in->err[0] = '\0';
  if (!in->archive) {
    if (in->started || !in->elf)
      return 0;
    in->started = true;
    if (setup_object(in, in->elf, NULL) != 0)
      return -1;
    *obj = &in->obj;
    return 1;
  }
  for (;;) {
    Elf_Arhdr *h;
    if (in->member) {
      cmd = elf_next(in->member);
      elf_end(in->member);
      in->member = NULL;
      if (cmd == ELF_C_NULL)
        return 0;
    } else if (in->started) {
      return 0;
    }
    in->started = true;
    in->member = elf_begin(in->fd, cmd, in->elf);
    if (!in->member)
      return 0; /* past the last member */
    h = elf_getarhdr(in->member);
    if (is_table_member(h))
      continue;
    if (elf_kind(in->member) != ELF_K_ELF) {
      size_t size = 0;
      char *raw = elf_rawfile(in->member, &size);
      return set_error(in, "%s", describe_non_elf(raw, raw ? size : 0));
    }
    if (setup_object(in, in->member, h->ar_name) != 0)
      return -1;
    *obj = &in->obj;
    return 1;
  }
}

const struct es_info *es_object_info(const struct es_object *obj) {
  return &obj->info;
}

const char *es_error(const struct es_input *in) { return in ? in->err : ""; }

void es_close(struct es_input *in) {
  if (!in)
    return;
  close_object(in);
  if (in->member)
    elf_end(in->member);
  if (in->elf)
    elf_end(in->elf);
  if (in->fd >= 0)
    close(in->fd);
  free(in->path);
  free(in);
}

/*===-- String sections ---------------------------------------------------===*/

int es_foreach_string(struct es_object *obj, const char *section,
                      es_string_fn fn, void *arg) {
  Elf_Scn *scn = NULL;
  int count = 0;

  while ((scn = elf_nextscn(obj->elf, scn)) != NULL) {
    GElf_Shdr sh;
    Elf_Data *data;
    const char *p, *end;

    if (strcmp(section_name(obj, scn), section) != 0 ||
        !gelf_getshdr(scn, &sh) || sh.sh_type == SHT_NOBITS)
      continue;
    if (section_bytes(obj, scn, &data) != 0)
      return -1;
    p = data->d_buf;
    end = p + data->d_size;
    while (p && p < end) {
      const char *nul;
      int rc;
      if (*p == '\0') { /* padding between the strings of two objects */
        p++;
        continue;
      }
      nul = memchr(p, '\0', (size_t)(end - p));
      if (!nul)
        return set_error(obj->in, "section %s: a string without its "
                         "terminating NUL", section);
      count++;
      rc = fn ? fn(p, arg) : 0;
      if (rc != 0)
        return rc;
      p = nul + 1;
    }
  }
  return count;
}

int es_foreach_provenance(struct es_object *obj, es_string_fn fn, void *arg) {
  return es_foreach_string(obj, PTRHOOK_PROVENANCE_SECTION_NAME, fn, arg);
}

/*===-- Site descriptors --------------------------------------------------===*/

/* Resolves the slots of SITES (section index SITES_NDX, header SITES_SH)
 * covered by a relocation of section REL (header REL_SH) into SLOTS.
 * Relocatable objects: only the relocation sections that apply to SITES;
 * linked objects: the dynamic ones, matched by address.  Returns 0, or -1
 * with the error set. */
static int apply_relocations(struct es_object *obj, Elf_Scn *rel,
                             const GElf_Shdr *rel_sh,
                             const GElf_Shdr *sites_sh,
                             const unsigned char *sites_bytes,
                             struct es_slot *slots, size_t n_slots) {
  bool relocatable = obj->info.type == ES_RELOCATABLE;
  unsigned psize = obj->info.ptr_size;
  Elf_Data *data, *symdata = NULL;
  Elf_Scn *symscn = elf_getscn(obj->elf, rel_sh->sh_link);
  size_t n;

  if (section_bytes(obj, rel, &data) != 0)
    return -1;
  if (symscn && section_bytes(obj, symscn, &symdata) != 0)
    return -1;
  n = rel_sh->sh_entsize ? rel_sh->sh_size / rel_sh->sh_entsize : 0;
  for (size_t i = 0; i < n; i++) {
    GElf_Rela r;
    GElf_Sym sym;
    uint64_t off, slot, addend;
    size_t symndx;

    if (rel_sh->sh_type == SHT_RELA) {
      if (!gelf_getrela(data, (int)i, &r))
        return set_error(obj->in, "cannot read a relocation: %s",
                         libelf_error());
    } else {
      GElf_Rel rr;
      if (!gelf_getrel(data, (int)i, &rr))
        return set_error(obj->in, "cannot read a relocation: %s",
                         libelf_error());
      r.r_offset = rr.r_offset;
      r.r_info = rr.r_info;
      r.r_addend = 0;
    }
    /* R_*_NONE is 0 on every architecture.  gelf gives r_info in the
     * 64-bit layout whatever the class. */
    if (GELF_R_TYPE(r.r_info) == 0)
      continue;
    if (relocatable) {
      off = r.r_offset;
    } else {
      if (r.r_offset < sites_sh->sh_addr ||
          r.r_offset - sites_sh->sh_addr >= sites_sh->sh_size)
        continue;
      off = r.r_offset - sites_sh->sh_addr;
    }
    if (off % psize != 0 || (slot = off / psize) >= n_slots)
      continue;
    /* REL keeps the addend in place. */
    addend = rel_sh->sh_type == SHT_RELA
                 ? (uint64_t)r.r_addend
                 : read_uint(obj, sites_bytes + off, psize);
    symndx = GELF_R_SYM(r.r_info);
    slots[slot].set = true;
    slots[slot].str = NULL;
    if (symndx == 0) {
      /* R_*_RELATIVE: the addend is the address (load base 0). */
      if (!relocatable)
        slots[slot].str = string_at(obj, addend);
      continue;
    }
    if (!symdata || !gelf_getsym(symdata, (int)symndx, &sym) ||
        sym.st_shndx == SHN_UNDEF)
      continue;
    if (relocatable)
      slots[slot].str =
          string_in_section(obj, sym.st_shndx, sym.st_value + addend);
    else
      slots[slot].str = string_at(obj, sym.st_value + addend);
  }
  return 0;
}

/* Fills SLOTS for the ptrhook_sites section SCN from every relocation
 * section that applies to it.  Returns 0, or -1 with the error set. */
static int resolve_slots(struct es_object *obj, Elf_Scn *scn,
                         const GElf_Shdr *sh, const unsigned char *bytes,
                         struct es_slot *slots, size_t n_slots) {
  size_t ndx = elf_ndxscn(scn);
  Elf_Scn *rel = NULL;

  while ((rel = elf_nextscn(obj->elf, rel)) != NULL) {
    GElf_Shdr rsh;
    if (!gelf_getshdr(rel, &rsh) ||
        (rsh.sh_type != SHT_RELA && rsh.sh_type != SHT_REL))
      continue;
    /* In a .o a relocation section names the section it applies to in
     * sh_info; dynamic relocation sections are loaded (SHF_ALLOC). */
    if (obj->info.type == ES_RELOCATABLE ? rsh.sh_info != ndx
                                         : !(rsh.sh_flags & SHF_ALLOC))
      continue;
    if (apply_relocations(obj, rel, &rsh, sh, bytes, slots, n_slots) != 0)
      return -1;
  }
  return 0;
}

/* The string of pointer slot SLOT: from its relocation, else (linked
 * objects) the address in place. */
static const char *slot_string(const struct es_object *obj,
                               const struct es_slot *slots,
                               const unsigned char *bytes, size_t slot) {
  uint64_t addr;

  if (slots[slot].set)
    return slots[slot].str;
  if (obj->info.type == ES_RELOCATABLE)
    return NULL;
  addr = read_uint(obj, bytes + slot * obj->info.ptr_size,
                   obj->info.ptr_size);
  return addr ? string_at(obj, addr) : NULL;
}

/* Calls FN for each descriptor of one ptrhook_sites section.  Returns the
 * number of sites, FN's nonzero value (as *STOP), or -1. */
static int sites_of_section(struct es_object *obj, Elf_Scn *scn,
                            es_site_fn fn, void *arg, int *stop) {
  unsigned psize = obj->info.ptr_size;
  /* struct ptrhook_site: five integers in 16 bytes, then three pointers
   * (version 1); version 2 appends two int32 and an int64, which i386
   * aligns to 4 and every other target to 8.  Its alignment is the
   * pointer's. */
  size_t header = 16, v1_stride = header + 3 * (size_t)psize;
  size_t ext_off = v1_stride,
         off64 = ext_off + 8 +
                 (psize == 4 && obj->info.machine != EM_386 ? 4 : 0),
         v2_stride = off64 + 8, stride;
  GElf_Shdr sh;
  Elf_Data *data;
  const unsigned char *bytes;
  struct es_slot *slots = NULL;
  size_t size, n_slots, off = 0;
  int count = 0, rc = -1;

  if (!gelf_getshdr(scn, &sh) || sh.sh_type == SHT_NOBITS)
    return 0;
  if (section_bytes(obj, scn, &data) != 0)
    return -1;
  bytes = data->d_buf;
  size = data->d_size;
  n_slots = size / psize;
  slots = calloc(n_slots ? n_slots : 1, sizeof *slots);
  if (!slots)
    return set_error(obj->in, "out of memory");
  if (resolve_slots(obj, scn, &sh, bytes, slots, n_slots) != 0)
    goto cleanup;

  while (off + psize <= size) {
    struct es_site site;
    unsigned version = (unsigned)read_uint(obj, bytes + off, 2);
    size_t first;

    if (version == 0) { /* padding: descriptors are pointer-aligned */
      off += psize;
      continue;
    }
    if (version != 1 && version != PTRHOOK_SITE_VERSION) {
      set_error(obj->in, "section %s: a site descriptor of layout version "
                "%u at offset %zu (this reader knows versions 1 to %d)",
                PTRHOOK_SITES_SECTION_NAME, version, off,
                PTRHOOK_SITE_VERSION);
      goto cleanup;
    }
    stride = version == 1 ? v1_stride : v2_stride;
    if (off + stride > size) {
      set_error(obj->in, "section %s: a truncated site descriptor at "
                "offset %zu", PTRHOOK_SITES_SECTION_NAME, off);
      goto cleanup;
    }
    first = (off + header) / psize;
    site.version = version;
    site.kind = (unsigned)read_uint(obj, bytes + off + 2, 2);
    site.line = (unsigned)read_uint(obj, bytes + off + 4, 4);
    site.column = (unsigned)read_uint(obj, bytes + off + 8, 4);
    site.flags = (unsigned)read_uint(obj, bytes + off + 12, 4);
    site.function = slot_string(obj, slots, bytes, first);
    site.file = slot_string(obj, slots, bytes, first + 1);
    site.directory = slot_string(obj, slots, bytes, first + 2);
    site.base = site.anchor = 0;
    site.delta = 0;
    if (version >= 2) {
      site.base = (int32_t)read_uint(obj, bytes + off + ext_off, 4);
      site.anchor = (int32_t)read_uint(obj, bytes + off + ext_off + 4, 4);
      site.delta = (int64_t)read_uint(obj, bytes + off + off64, 8);
    }
    site.offset = off;
    site.address =
        obj->info.type == ES_RELOCATABLE ? 0 : (uint64_t)sh.sh_addr + off;
    site.stride = stride;
    count++;
    off += stride;
    if (fn && (*stop = fn(&site, arg)) != 0)
      break;
  }
  rc = count;
cleanup:
  free(slots);
  return rc;
}

int es_foreach_site(struct es_object *obj, es_site_fn fn, void *arg) {
  Elf_Scn *scn = NULL;
  int total = 0;

  if (obj->info.type != ES_RELOCATABLE && build_image(obj) != 0)
    return -1;
  while ((scn = elf_nextscn(obj->elf, scn)) != NULL) {
    int stop = 0, n;
    if (strcmp(section_name(obj, scn), PTRHOOK_SITES_SECTION_NAME) != 0)
      continue;
    n = sites_of_section(obj, scn, fn, arg, &stop);
    if (n < 0)
      return -1;
    if (stop != 0)
      return stop;
    total += n;
  }
  return total;
}

int es_sites_section(struct es_object *obj, uint64_t *addr, uint64_t *size) {
  Elf_Scn *scn = NULL;

  while ((scn = elf_nextscn(obj->elf, scn)) != NULL) {
    GElf_Shdr sh;
    if (strcmp(section_name(obj, scn), PTRHOOK_SITES_SECTION_NAME) != 0 ||
        !gelf_getshdr(scn, &sh))
      continue;
    *addr = sh.sh_addr;
    *size = sh.sh_size;
    return 1;
  }
  return 0;
}

size_t es_segments(struct es_object *obj, struct es_segment *seg, size_t max) {
  size_t nphdr = 0, n = 0;

  if (elf_getphdrnum(obj->elf, &nphdr) != 0)
    return 0;
  for (size_t i = 0; i < nphdr; i++) {
    GElf_Phdr ph;
    if (!gelf_getphdr(obj->elf, (int)i, &ph) || ph.p_type != PT_LOAD)
      continue;
    if (n < max) {
      seg[n].vaddr = ph.p_vaddr;
      seg[n].memsz = ph.p_memsz;
      seg[n].writable = (ph.p_flags & PF_W) != 0;
    }
    n++;
  }
  return n;
}

/*===-- Symbols -----------------------------------------------------------===*/

/* Walks the symbol table SCN, attributing local symbols to the file
 * symbol before them, and calls FN for those WANT accepts.  Returns their
 * number, FN's nonzero value, or -1. */
static int walk_symbols(struct es_object *obj, Elf_Scn *scn,
                        bool (*want)(const GElf_Sym *, const char *,
                                     const char *),
                        const char *want_arg, es_symbol_fn fn, void *arg) {
  GElf_Shdr sh;
  Elf_Data *data;
  size_t n;
  int count = 0, file_index = -1, files = 0;
  const char *file = NULL;

  if (!scn)
    return 0;
  if (!gelf_getshdr(scn, &sh))
    return set_error(obj->in, "cannot read the symbol table: %s",
                     libelf_error());
  if (section_bytes(obj, scn, &data) != 0)
    return -1;
  n = sh.sh_entsize ? sh.sh_size / sh.sh_entsize : 0;
  for (size_t i = 1; i < n; i++) {
    GElf_Sym s;
    struct es_symbol sym;
    const char *name;
    bool attributed;
    int rc;

    if (!gelf_getsym(data, (int)i, &s))
      return set_error(obj->in, "cannot read symbol %zu: %s", i,
                       libelf_error());
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

int es_foreach_function(struct es_object *obj, es_symbol_fn fn, void *arg) {
  return walk_symbols(obj, obj->symtab, is_function, NULL, fn, arg);
}

int es_foreach_file(struct es_object *obj, es_symbol_fn fn, void *arg) {
  if (!obj->info.has_symtab)
    return 0;
  return walk_symbols(obj, obj->symtab, is_named_file, NULL, fn, arg);
}

static bool has_name(const GElf_Sym *s, const char *name,
                     const char *wanted) {
  (void)s;
  return strcmp(name, wanted) == 0;
}

static int copy_symbol(const struct es_symbol *sym, void *arg) {
  *(struct es_symbol *)arg = *sym;
  return 1;
}

int es_find_symbol(struct es_object *obj, const char *name,
                   struct es_symbol *sym) {
  int rc;

  rc = walk_symbols(obj, obj->symtab, has_name, name, copy_symbol, sym);
  if (rc == 0 && obj->dynsym && obj->dynsym != obj->symtab)
    rc = walk_symbols(obj, obj->dynsym, has_name, name, copy_symbol, sym);
  return rc < 0 ? -1 : rc > 0;
}
