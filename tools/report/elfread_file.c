/*===-- elfread_file.c - open an ELF file or archive, walk its objects ----===*
 *
 * See elfread.h.  Everything goes through libelf's gelf_* interface, so
 * 32- and 64-bit files of either byte order are read alike.  An input is
 * one ELF object or an ar archive of them; each object is set up here with
 * its facts (type, class, machine, static link, symbol tables, ptrhook
 * sections) and handed out in turn.
 *===----------------------------------------------------------------------===*/
#include "elfread_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ptrhook_abi.h"

/*===-- Errors ------------------------------------------------------------===*/

int elfread_set_error(struct elfread_input *in, const char *fmt, ...) {
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

const char *elfread_libelf_error(void) {
  const char *msg = elf_errmsg(-1);
  return msg ? msg : "unknown libelf error";
}

/*===-- Sections ----------------------------------------------------------===*/

const char *elfread_section_name(const struct elfread_object *obj,
                                 Elf_Scn *scn) {
  GElf_Shdr sh;
  const char *name;

  if (!gelf_getshdr(scn, &sh))
    return "";
  name = elf_strptr(obj->elf, obj->shstrndx, sh.sh_name);
  return name ? name : "";
}

int elfread_section_bytes(struct elfread_object *obj, Elf_Scn *scn,
                          Elf_Data **data) {
  *data = elf_getdata(scn, NULL);
  if (!*data)
    return elfread_set_error(obj->in, "cannot read section %s: %s",
                             elfread_section_name(obj, scn),
                             elfread_libelf_error());
  return 0;
}

/*===-- Opening files and archive members ---------------------------------===*/

/* What a file that libelf does not take for ELF or ar looks like, for the
 * error message. */
static const char *describe_non_elf(const char *bytes, size_t size) {
  static const unsigned char bitcode[] = {'B', 'C', 0xC0, 0xDE};
  static const unsigned char wrapper[] = {0xDE, 0xC0, 0x17, 0x0B};

  if (size == 0)
    return "empty file, not an ELF object";
  if (size >= 4 &&
      (memcmp(bytes, bitcode, 4) == 0 || memcmp(bytes, wrapper, 4) == 0))
    return "LLVM bitcode, not an ELF object (an -flto object: check the "
           "binary it is linked into)";
  if (size >= 8 && memcmp(bytes, "!<thin>\n", 8) == 0)
    return "a thin archive: its members are separate files; check them";
  return "not an ELF object or archive";
}

/* Fills OBJ's facts from ELF.  Returns 0, or -1 with the error set. */
static int setup_object(struct elfread_input *in, Elf *elf,
                        const char *member) {
  struct elfread_object *obj = &in->obj;
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
      return elfread_set_error(in, "out of memory");
    obj->info.member = obj->member;
  }
  in->have_obj = true;
  if (!gelf_getehdr(elf, &eh))
    return elfread_set_error(in, "cannot read the ELF header: %s",
                             elfread_libelf_error());
  /* libelf reads what is there: a cut file would look section-less. */
  if (eh.e_shoff == 0)
    return elfread_set_error(in, "no section headers: nothing to check");
  if (!elf_rawfile(elf, &file_size) || eh.e_shoff > file_size ||
      eh.e_shentsize == 0 ||
      (file_size - eh.e_shoff) / eh.e_shentsize < eh.e_shnum)
    return elfread_set_error(in,
                             "truncated: the section headers end past the end "
                             "of the file");
  if (elf_getshdrnum(elf, &nshdr) != 0 || nshdr == 0)
    return elfread_set_error(in, "cannot read the section headers: %s",
                             elfread_libelf_error());
  if (elf_getshdrstrndx(elf, &obj->shstrndx) != 0)
    return elfread_set_error(in, "cannot read the section names: %s",
                             elfread_libelf_error());
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
      return elfread_set_error(in, "cannot read a section header: %s",
                               elfread_libelf_error());
    name = elfread_section_name(obj, scn);
    if (sh.sh_type == SHT_SYMTAB && !obj->symtab)
      obj->symtab = scn;
    else if (sh.sh_type == SHT_DYNSYM && !obj->dynsym)
      obj->dynsym = scn;
    if (strcmp(name, PTRHOOK_SITES_SECTION_NAME) == 0 ||
        strcmp(name, PTRHOOK_SITES_V2_SECTION_NAME) == 0)
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
    obj->info.type = ELFREAD_RELOCATABLE;
    break;
  case ET_EXEC:
    obj->info.type = ELFREAD_EXECUTABLE;
    obj->info.static_link = !interp;
    break;
  case ET_DYN:
    obj->info.type = interp || pie_flag ? ELFREAD_PIE : ELFREAD_SHARED;
    obj->info.static_link = !interp && pie_flag;
    break;
  default:
    obj->info.type = ELFREAD_OTHER;
    break;
  }
  return 0;
}

static void close_object(struct elfread_input *in) {
  if (!in->have_obj)
    return;
  free(in->obj.member);
  free(in->obj.image);
  memset(&in->obj, 0, sizeof in->obj);
  in->have_obj = false;
}

int elfread_open(const char *path, struct elfread_input **out) {
  static bool initialized;
  struct elfread_input *in;
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
      return elfread_set_error(in, "libelf is out of date: %s",
                               elfread_libelf_error());
    initialized = true;
  }
  in->fd = open(path, O_RDONLY);
  if (in->fd < 0)
    return elfread_set_error(in, "%s", strerror(errno));
  if (fstat(in->fd, &st) != 0)
    return elfread_set_error(in, "%s", strerror(errno));
  if (S_ISDIR(st.st_mode))
    return elfread_set_error(in, "%s", strerror(EISDIR));
  in->elf = elf_begin(in->fd, ELF_C_READ_MMAP, NULL);
  if (!in->elf)
    return elfread_set_error(in, "%s", elfread_libelf_error());
  switch (elf_kind(in->elf)) {
  case ELF_K_ELF:
    return 0;
  case ELF_K_AR:
    in->archive = true;
    return 0;
  default:
    raw = elf_rawfile(in->elf, &size);
    return elfread_set_error(in, "%s", describe_non_elf(raw, raw ? size : 0));
  }
}

bool elfread_is_archive(const struct elfread_input *in) { return in->archive; }

/* Archive members that are the archive's own tables, not objects. */
static bool is_table_member(const Elf_Arhdr *h) {
  return !h || strcmp(h->ar_name, "/") == 0 || strcmp(h->ar_name, "//") == 0 ||
         strcmp(h->ar_name, "/SYM64/") == 0;
}

int elfread_next_object(struct elfread_input *in, struct elfread_object **obj) {
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
      return elfread_set_error(in, "%s", describe_non_elf(raw, raw ? size : 0));
    }
    if (setup_object(in, in->member, h->ar_name) != 0)
      return -1;
    *obj = &in->obj;
    return 1;
  }
}

const struct elfread_info *
elfread_object_info(const struct elfread_object *obj) {
  return &obj->info;
}

const char *elfread_error(const struct elfread_input *in) {
  return in ? in->err : "";
}

void elfread_close(struct elfread_input *in) {
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
