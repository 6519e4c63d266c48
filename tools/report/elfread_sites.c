/*===-- elfread_sites.c - the ptrhook sections and segments of an object ---===*
 *
 * See elfread.h.  Provenance records and .comment strings are plain
 * strings.  Site descriptors are plain bytes to libelf, decoded here by hand
 * in the file's byte order.
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
#include "elfread_internal.h"

#include <stdlib.h>
#include <string.h>

#include "ptrhook_abi.h"

/*===-- Small readers -----------------------------------------------------===*/

/* An unsigned integer of SIZE bytes at P, in the file's byte order. */
static uint64_t read_uint(const struct elfread_object *obj,
                          const unsigned char *p, unsigned size) {
  uint64_t v = 0;
  for (unsigned i = 0; i < size; i++) {
    unsigned shift = obj->big_endian ? 8 * (size - 1 - i) : 8 * i;
    v |= (uint64_t)p[i] << shift;
  }
  return v;
}

/* A NUL-terminated string at OFF in BYTES[0, SIZE), or NULL. */
static const char *string_in(const char *bytes, uint64_t size, uint64_t off) {
  if (!bytes || off >= size || !memchr(bytes + off, '\0', size - off))
    return NULL;
  return bytes + off;
}

/* The string at OFF in section SHNDX of a relocatable object, or NULL. */
static const char *string_in_section(struct elfread_object *obj, size_t shndx,
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
static int build_image(struct elfread_object *obj) {
  Elf_Scn *scn = NULL;
  size_t n = 0, cap = 0;
  struct elfread_image_section *v = NULL;
  int rc = -1;

  if (obj->image_ready)
    return 0;
  while ((scn = elf_nextscn(obj->elf, scn)) != NULL) {
    GElf_Shdr sh;
    Elf_Data *data;

    if (!gelf_getshdr(scn, &sh) || !(sh.sh_flags & SHF_ALLOC) ||
        sh.sh_type == SHT_NOBITS || sh.sh_size == 0)
      continue;
    if (elfread_section_bytes(obj, scn, &data) != 0)
      goto cleanup;
    if (n == cap) {
      struct elfread_image_section *nv;
      cap = cap ? 2 * cap : 32;
      nv = realloc(v, cap * sizeof *v);
      if (!nv) {
        elfread_set_error(obj->in, "out of memory");
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
static const char *string_at(const struct elfread_object *obj, uint64_t addr) {
  for (size_t i = 0; i < obj->n_image; i++) {
    const struct elfread_image_section *s = &obj->image[i];
    if (addr >= s->addr && addr - s->addr < s->size)
      return string_in(s->bytes, s->size, addr - s->addr);
  }
  return NULL;
}

/*===-- String sections ---------------------------------------------------===*/

int elfread_foreach_string(struct elfread_object *obj, const char *section,
                           elfread_string_fn fn, void *arg) {
  Elf_Scn *scn = NULL;
  int count = 0;

  while ((scn = elf_nextscn(obj->elf, scn)) != NULL) {
    GElf_Shdr sh;
    Elf_Data *data;
    const char *p, *end;

    if (strcmp(elfread_section_name(obj, scn), section) != 0 ||
        !gelf_getshdr(scn, &sh) || sh.sh_type == SHT_NOBITS)
      continue;
    if (elfread_section_bytes(obj, scn, &data) != 0)
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
        return elfread_set_error(obj->in,
                                 "section %s: a string without its "
                                 "terminating NUL",
                                 section);
      count++;
      rc = fn ? fn(p, arg) : 0;
      if (rc != 0)
        return rc;
      p = nul + 1;
    }
  }
  return count;
}

int elfread_foreach_provenance(struct elfread_object *obj, elfread_string_fn fn,
                               void *arg) {
  return elfread_foreach_string(obj, PTRHOOK_PROVENANCE_SECTION_NAME, fn, arg);
}

/* One resolved pointer slot of a ptrhook_sites section. */
struct elfread_slot {
  bool set;        /* a relocation covers this slot */
  const char *str; /* what it points at, NULL if unresolvable */
};

/*===-- Site descriptors --------------------------------------------------===*/

/* Resolves the slots of SITES (section index SITES_NDX, header SITES_SH)
 * covered by a relocation of section REL (header REL_SH) into SLOTS.
 * Relocatable objects: only the relocation sections that apply to SITES;
 * linked objects: the dynamic ones, matched by address.  Returns 0, or -1
 * with the error set. */
static int apply_relocations(struct elfread_object *obj, Elf_Scn *rel,
                             const GElf_Shdr *rel_sh, const GElf_Shdr *sites_sh,
                             const unsigned char *sites_bytes,
                             struct elfread_slot *slots, size_t n_slots) {
  bool relocatable = obj->info.type == ELFREAD_RELOCATABLE;
  unsigned psize = obj->info.ptr_size;
  Elf_Data *data, *symdata = NULL;
  Elf_Scn *symscn = elf_getscn(obj->elf, rel_sh->sh_link);
  size_t n;

  if (elfread_section_bytes(obj, rel, &data) != 0)
    return -1;
  if (symscn && elfread_section_bytes(obj, symscn, &symdata) != 0)
    return -1;
  n = rel_sh->sh_entsize ? rel_sh->sh_size / rel_sh->sh_entsize : 0;
  for (size_t i = 0; i < n; i++) {
    GElf_Rela r;
    GElf_Sym sym;
    uint64_t off, slot, addend;
    size_t symndx;

    if (rel_sh->sh_type == SHT_RELA) {
      if (!gelf_getrela(data, (int)i, &r))
        return elfread_set_error(obj->in, "cannot read a relocation: %s",
                                 elfread_libelf_error());
    } else {
      GElf_Rel rr;
      if (!gelf_getrel(data, (int)i, &rr))
        return elfread_set_error(obj->in, "cannot read a relocation: %s",
                                 elfread_libelf_error());
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
static int resolve_slots(struct elfread_object *obj, Elf_Scn *scn,
                         const GElf_Shdr *sh, const unsigned char *bytes,
                         struct elfread_slot *slots, size_t n_slots) {
  size_t ndx = elf_ndxscn(scn);
  Elf_Scn *rel = NULL;

  while ((rel = elf_nextscn(obj->elf, rel)) != NULL) {
    GElf_Shdr rsh;
    if (!gelf_getshdr(rel, &rsh) ||
        (rsh.sh_type != SHT_RELA && rsh.sh_type != SHT_REL))
      continue;
    /* In a .o a relocation section names the section it applies to in
     * sh_info; dynamic relocation sections are loaded (SHF_ALLOC). */
    if (obj->info.type == ELFREAD_RELOCATABLE ? rsh.sh_info != ndx
                                              : !(rsh.sh_flags & SHF_ALLOC))
      continue;
    if (apply_relocations(obj, rel, &rsh, sh, bytes, slots, n_slots) != 0)
      return -1;
  }
  return 0;
}

/* The string of pointer slot SLOT: from its relocation, else (linked
 * objects) the address in place. */
static const char *slot_string(const struct elfread_object *obj,
                               const struct elfread_slot *slots,
                               const unsigned char *bytes, size_t slot) {
  uint64_t addr;

  if (slots[slot].set)
    return slots[slot].str;
  if (obj->info.type == ELFREAD_RELOCATABLE)
    return NULL;
  addr = read_uint(obj, bytes + slot * obj->info.ptr_size, obj->info.ptr_size);
  return addr ? string_at(obj, addr) : NULL;
}

/* Calls FN for each descriptor of one ptrhook_sites section.  Returns the
 * number of sites, FN's nonzero value (as *STOP), or -1. */
static int sites_of_section(struct elfread_object *obj, Elf_Scn *scn,
                            elfread_site_fn fn, void *arg, int *stop) {
  unsigned psize = obj->info.ptr_size;
  /* struct ptrhook_site: five integers in 16 bytes, then three pointers
   * (version 1); version 2 appends two int32 and an int64, which i386
   * aligns to 4 and every other target to 8.  Its alignment is the
   * pointer's. */
  size_t header = 16, v1_stride = header + 3 * (size_t)psize;
  size_t ext_off = v1_stride,
         off64 =
             ext_off + 8 + (psize == 4 && obj->info.machine != EM_386 ? 4 : 0),
         v2_stride = off64 + 8, stride;
  GElf_Shdr sh;
  Elf_Data *data;
  const unsigned char *bytes;
  struct elfread_slot *slots = NULL;
  size_t size, n_slots, off = 0;
  int count = 0, rc = -1;

  if (!gelf_getshdr(scn, &sh) || sh.sh_type == SHT_NOBITS)
    return 0;
  if (elfread_section_bytes(obj, scn, &data) != 0)
    return -1;
  bytes = data->d_buf;
  size = data->d_size;
  n_slots = size / psize;
  slots = calloc(n_slots ? n_slots : 1, sizeof *slots);
  if (!slots)
    return elfread_set_error(obj->in, "out of memory");
  if (resolve_slots(obj, scn, &sh, bytes, slots, n_slots) != 0)
    goto cleanup;

  while (off + psize <= size) {
    struct elfread_site site;
    unsigned version = (unsigned)read_uint(obj, bytes + off, 2);
    size_t first;

    if (version == 0) { /* padding: descriptors are pointer-aligned */
      off += psize;
      continue;
    }
    if (version != 1 && version != 2) {
      elfread_set_error(obj->in,
                        "section %s: a site descriptor of layout version "
                        "%u at offset %zu (this reader knows versions 1 and 2 "
                        "in this section)",
                        PTRHOOK_SITES_V2_SECTION_NAME, version, off);
      goto cleanup;
    }
    stride = version == 1 ? v1_stride : v2_stride;
    if (off + stride > size) {
      elfread_set_error(obj->in,
                        "section %s: a truncated site descriptor at "
                        "offset %zu",
                        PTRHOOK_SITES_V2_SECTION_NAME, off);
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
        obj->info.type == ELFREAD_RELOCATABLE ? 0 : (uint64_t)sh.sh_addr + off;
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

/* A string at byte OFF of a layout-3 block [BYTES, BYTES + SIZE), or
 * NULL. */
static const char *block_string(const unsigned char *bytes, size_t size,
                                uint64_t off) {
  return string_in((const char *)bytes, size, off);
}

/* Calls FN for each descriptor of one ptrhook_sites3 section (layout 3:
 * 16-byte descriptors and the records of their functions, all references
 * byte offsets inside the section, so no relocation is read).  Returns
 * the number of sites, FN's nonzero value (as *STOP), or -1. */
static int sites_of_v3_section(struct elfread_object *obj, Elf_Scn *scn,
                               elfread_site_fn fn, void *arg, int *stop) {
  const size_t slot = PTRHOOK_SITE_SLOT;
  GElf_Shdr sh;
  Elf_Data *data;
  const unsigned char *bytes;
  size_t size, off = 0;
  int count = 0;

  if (!gelf_getshdr(scn, &sh) || sh.sh_type == SHT_NOBITS)
    return 0;
  if (elfread_section_bytes(obj, scn, &data) != 0)
    return -1;
  bytes = data->d_buf;
  size = data->d_size;
  for (; off + slot <= size; off += slot) {
    const unsigned char *p = bytes + off;
    unsigned head = (unsigned)read_uint(obj, p, 2);
    struct elfread_site site;
    int64_t rec;
    uint64_t r, nfiles, nelided, pair, el, name;

    if (!(head & PTRHOOK_SITE_LAYOUT3))
      continue; /* padding */
    if ((head & PTRHOOK_SITE_KIND_MASK) == PTRHOOK_SITE_RECORD_KIND) {
      uint64_t slots = read_uint(obj, p + 4, 4);
      if (slots == 0)
        return elfread_set_error(obj->in,
                                 "section %s: an empty function record at "
                                 "offset %zu",
                                 PTRHOOK_SITES_SECTION_NAME, off);
      off += (slots - 1) * slot;
      continue;
    }
    rec = (int32_t)read_uint(obj, p + 8, 4);
    if (rec <= 0 || (uint64_t)rec % slot != 0 || off + (uint64_t)rec + slot > size)
      return elfread_set_error(obj->in,
                               "section %s: the site descriptor at offset "
                               "%zu points outside its block",
                               PTRHOOK_SITES_SECTION_NAME, off);
    r = off + (uint64_t)rec;
    nfiles = read_uint(obj, bytes + r + 2, 2);
    name = read_uint(obj, bytes + r + 8, 4);
    nelided = read_uint(obj, bytes + r + 12, 4);
    pair = read_uint(obj, p + 12, 2);
    el = read_uint(obj, p + 14, 2);
    memset(&site, 0, sizeof site);
    site.version = 3;
    site.kind = head & PTRHOOK_SITE_KIND_MASK;
    site.flags = (head >> PTRHOOK_SITE_FLAGS_SHIFT) & PTRHOOK_SITE_FLAGS_MASK;
    site.column = (unsigned)read_uint(obj, p + 2, 2);
    site.line = (unsigned)read_uint(obj, p + 4, 4);
    site.function = block_string(bytes, size, r + name);
    if (pair < nfiles) {
      uint64_t q = r + 16 + 16 * nelided + 8 * pair;
      if (q + 8 <= size) {
        site.file = block_string(bytes, size, r + read_uint(obj, bytes + q, 4));
        site.directory =
            block_string(bytes, size, r + read_uint(obj, bytes + q + 4, 4));
      }
    }
    if (el != 0 && el <= nelided) {
      uint64_t q = r + 16 + 16 * (el - 1);
      if (q + 16 <= size) {
        site.base = (int32_t)read_uint(obj, bytes + q, 4);
        site.anchor = (int32_t)read_uint(obj, bytes + q + 4, 4);
        site.delta = (int64_t)read_uint(obj, bytes + q + 8, 8);
      }
    }
    site.offset = off;
    site.address =
        obj->info.type == ELFREAD_RELOCATABLE ? 0 : (uint64_t)sh.sh_addr + off;
    site.stride = slot;
    count++;
    if (fn && (*stop = fn(&site, arg)) != 0)
      break;
  }
  return count;
}

int elfread_foreach_site(struct elfread_object *obj, elfread_site_fn fn,
                         void *arg) {
  Elf_Scn *scn = NULL;
  int total = 0;

  if (obj->info.type != ELFREAD_RELOCATABLE && build_image(obj) != 0)
    return -1;
  while ((scn = elf_nextscn(obj->elf, scn)) != NULL) {
    const char *name = elfread_section_name(obj, scn);
    int stop = 0, n;
    if (strcmp(name, PTRHOOK_SITES_SECTION_NAME) == 0)
      n = sites_of_v3_section(obj, scn, fn, arg, &stop);
    else if (strcmp(name, PTRHOOK_SITES_V2_SECTION_NAME) == 0)
      n = sites_of_section(obj, scn, fn, arg, &stop);
    else
      continue;
    if (n < 0)
      return -1;
    if (stop != 0)
      return stop;
    total += n;
  }
  return total;
}

int elfread_sites_section(struct elfread_object *obj, uint64_t *addr,
                          uint64_t *size) {
  Elf_Scn *scn = NULL;

  /* Layout 3 first: an executable linked from old and new objects holds
   * both, and the run-time tables of the new are what a trace names. */
  for (int pass = 0; pass < 2; pass++)
    while ((scn = elf_nextscn(obj->elf, scn)) != NULL) {
      GElf_Shdr sh;
      if (strcmp(elfread_section_name(obj, scn),
                 pass == 0 ? PTRHOOK_SITES_SECTION_NAME
                           : PTRHOOK_SITES_V2_SECTION_NAME) != 0 ||
          !gelf_getshdr(scn, &sh))
        continue;
      *addr = sh.sh_addr;
      *size = sh.sh_size;
      return 1;
    }
  return 0;
}

/*===-- Segments ----------------------------------------------------------===*/

size_t elfread_segments(struct elfread_object *obj, struct elfread_segment *seg,
                        size_t max) {
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
