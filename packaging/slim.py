"""Size reductions of the Linux app folder that PyInstaller's options cannot express.

Used by ``evidenceboard.spec`` on Linux, on the Analysis tables (``a.binaries``,
``a.datas``) before they are collected; each function returns the new table and
never touches the build environment's own files. See packaging/README.md and the
"App size" section of docs/performance.md for what each step saves.

- :func:`strip_debug_info`: a Python built from source (pyenv, as on the build
  machines) keeps full DWARF debug information in libpython and every stdlib
  extension: 35 MB of the folder; many wheels keep their symbol tables (cryptography's
  Rust core 2.9 MB of its 14 MB, pdfium 1.2 MB, Qt's ICU 1.4 MB). Both are stripped,
  from a copy; a symbol-table-only copy is used only if what the dynamic loader maps
  (program headers and their bytes) is unchanged: auditwheel's patchelf rewrites some
  wheels' program headers, and GNU strip then lays them out anew, at worst into files
  that the loader refuses ("ELF load command address/offset not page-aligned"; numpy's
  OpenBLAS was one).
- :func:`trim_icu_data`: Qt links ICU, whose data library is 32 MB; Qt calls only its
  case mapping, converters, collation and calendar/time-zone functions. The data
  for everything else (word breaking dictionaries, unit, currency, language, region
  and zone display names, transliteration, number spelling, character names) is
  taken out of a copy, which is relinked as the same ``libicudata.so.NN``. ICU falls
  back to its root data or to codes where a bundle is missing, as in the trimmed ICU
  builds that browsers and Android ship.
- :func:`replace_openblas`: numpy's wheels link OpenBLAS (25 MB, with libgfortran),
  for matrix products only. It is replaced by ``blas_stub.c``, plain loops for the
  CBLAS calls numpy's core module makes, built as a library of the same name.
- :func:`share_wheel_libraries`: Python's ``ssl`` links the build machine's OpenSSL
  (5.4 MB) and Qt its Kerberos and zstd, which psycopg's and Pillow's wheels bring
  too. The system copies are replaced by links to the wheels', so the app carries one
  OpenSSL (the one psycopg expects Python to share).
- :func:`prune_orphans`: system libraries that PyInstaller bundled only for plugins
  the spec drops (GTK theme, network information) and that no other bundled binary
  links.
"""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

Entry = tuple[str, str, str]

_ELF_MAGIC = b"\x7fELF"
#: The TOC kinds of shared libraries and extension modules.
_ELF_KINDS = ("BINARY", "EXTENSION")


def _elf_sections(data: bytes) -> list[tuple[str, int, int, int, int, int]]:
    """(name, type, addr, offset, size, link) of each section of a 64-bit LE ELF file."""
    if data[:4] != _ELF_MAGIC or data[4] != 2 or data[5] != 1:
        return []
    shoff = struct.unpack_from("<Q", data, 0x28)[0]
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    raw = [
        struct.unpack_from("<IIQQQQIIQQ", data, shoff + index * shentsize) for index in range(shnum)
    ]
    names_offset = raw[shstrndx][4]

    def name(offset: int) -> str:
        start = names_offset + offset
        return data[start : data.index(b"\0", start)].decode("ascii", "replace")

    return [(name(s[0]), s[1], s[3], s[4], s[5], s[6]) for s in raw]


def _section_names(path: Path) -> set[str]:
    with path.open("rb") as handle:
        if handle.read(4) != _ELF_MAGIC:
            return set()
    return {section[0] for section in _elf_sections(path.read_bytes())}


def _has_debug_info(path: Path) -> bool:
    return ".debug_info" in _section_names(path)


def _has_symbols(path: Path) -> bool:
    """Whether an ELF file has debug information or a symbol table, which strip removes."""
    return bool(_section_names(path) & {".debug_info", ".symtab"})


def _loaded_image(data: bytes) -> list[tuple[tuple[int, ...], bytes]]:
    """The program headers of a 64-bit ELF file, each with the file bytes it maps.

    The ELF header's section table fields (e_shoff, e_shnum, e_shstrndx) are left out:
    the first segment maps the header, and the loader never reads those.
    """
    data = data[:0x28] + bytes(8) + data[0x30:0x3C] + bytes(4) + data[0x40:]
    phoff = struct.unpack_from("<Q", data, 0x20)[0]
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    image = []
    for index in range(phnum):
        header = struct.unpack_from("<IIQQQQQQ", data, phoff + index * phentsize)
        offset, filesz = header[2], header[5]
        image.append((header, data[offset : offset + filesz]))
    return image


def strip_debug_info(binaries: Iterable[Entry], workdir: Path) -> list[Entry]:
    """``binaries`` with each ELF file that has debug information or a symbol table
    replaced by a stripped copy.

    Files with debug information (the interpreter's, and Pillow's and pi-heif's
    extensions) are stripped as they always were, and check.sh runs them. A file with
    only a symbol table is stripped only where that leaves what the loader maps
    untouched: the loader reads only the program headers and the bytes they map, so a
    copy whose headers and mapped bytes equal the original's loads exactly as it does.
    A wheel library that GNU strip lays out anew (auditwheel's patchelf rewrote it, as
    numpy's) is then kept whole.
    """
    strip = shutil.which("strip")
    entries = list(binaries)
    if strip is None:
        print("slim: no strip program (binutils); debug information stays in the app")
        return entries
    result = []
    kept_whole = []
    for dest, src, kind in entries:
        source = Path(src)
        if kind in _ELF_KINDS and source.is_file() and _has_symbols(source):
            copy = workdir / "stripped" / dest
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy)
            subprocess.run([strip, "--strip-all", str(copy)], check=True)
            if _has_debug_info(source) or _loaded_image(copy.read_bytes()) == _loaded_image(
                source.read_bytes()
            ):
                src = str(copy)
            else:
                kept_whole.append(dest)
        result.append((dest, src, kind))
    if kept_whole:
        print(f"slim: not stripped (strip would move what the loader maps): {kept_whole}")
    return result


#: ICU data items Qt never reads (it calls only ucnv_*, ucol_*, ucal_* and case mapping):
#: break iterator rules and dictionaries, display names of units, currencies, languages,
#: regions and time zones, transliterators, rule-based number formats, character names;
#: and the legacy character set converters (.cnv): Qt reaches them only through
#: QStringConverter for an encoding other than UTF-8/16/32 and Latin-1, which the app
#: never asks for (it decodes files with Python's codecs); and the locale bundles
#: (de.res, sv_SE.res...: ICU's own date, number and name formats): Qt formats with its
#: own CLDR tables, and ICU's collators read their tailorings from coll/, which stays.
ICU_DROPPED = re.compile(
    r"^(brkitr|unit|curr|lang|region|zone|translit|rbnf)/|^unames\.icu$|\.cnv$"
    r"|^(?!root\.res$|res_index\.res$)[a-z]{2,3}(_\w+)?\.res$"
)


def _icu_blob(library: bytes) -> tuple[str, bytes]:
    """The exported ``icudtNN_dat`` symbol's name and bytes in an ICU data library."""
    sections = _elf_sections(library)
    for name, kind, _addr, offset, size, link in sections:
        if name != ".dynsym" or kind != 11:  # SHT_DYNSYM
            continue
        strings_offset = sections[link][3]
        for index in range(size // 24):
            st_name, _info, _other, shndx, value, length = struct.unpack_from(
                "<IBBHQQ", library, offset + index * 24
            )
            start = strings_offset + st_name
            symbol = library[start : library.index(b"\0", start)].decode("ascii")
            if re.fullmatch(r"icudt\d+_dat", symbol):
                section = sections[shndx]
                file_offset = value - section[2] + section[3]
                return symbol, library[file_offset : file_offset + length]
    raise ValueError("no icudtNN_dat symbol")


def _trim_icu_package(blob: bytes, dropped: re.Pattern[str]) -> tuple[bytes, int]:
    """The ICU common data package without the items whose name ``dropped`` matches."""
    header_size = struct.unpack_from("<H", blob, 0)[0]
    if blob[2:4] != b"\xda\x27" or blob[12:16] != b"CmnD" or blob[8] != 0:
        raise ValueError("not a little-endian ICU common data package")
    toc = blob[header_size:]
    count = struct.unpack_from("<I", toc, 0)[0]
    entries = [struct.unpack_from("<II", toc, 4 + 8 * index) for index in range(count)]
    items = []
    for index, (name_offset, data_offset) in enumerate(entries):
        name = toc[name_offset : toc.index(b"\0", name_offset)]
        end = entries[index + 1][1] if index + 1 < count else len(toc)
        short = name.decode("ascii").split("/", 1)[1]
        if not dropped.search(short):
            items.append((name, toc[data_offset:end]))
    # Same layout as ICU's pkgdata: count, (name, data) offsets from the table's start,
    # the names (kept in their sorted order: ICU binary-searches them), then each
    # item on a 16-byte boundary.
    names_start = 4 + 8 * len(items)
    names = b"".join(name + b"\0" for name, _ in items)
    offset = names_start + len(names)
    offset += -offset % 16
    table = bytearray(struct.pack("<I", len(items)))
    body = bytearray()
    name_offset = names_start
    for name, data in items:
        table += struct.pack("<II", name_offset, offset + len(body))
        name_offset += len(name) + 1
        body += data + b"\0" * (-len(data) % 16)
    table += names
    table += b"\0" * (-len(table) % 16)
    return blob[:header_size] + bytes(table) + bytes(body), count - len(items)


def trim_icu_data(binaries: Iterable[Entry], workdir: Path) -> list[Entry]:
    """``binaries`` with Qt's ``libicudata.so.NN`` replaced by a copy without unused data."""
    entries = list(binaries)
    compiler = shutil.which("cc") or shutil.which("gcc")
    result = []
    for dest, src, kind in entries:
        name = dest.rsplit("/", 1)[-1]
        if kind == "BINARY" and re.fullmatch(r"libicudata\.so\.\d+", name):
            if compiler is None:
                print("slim: no C compiler; ICU data stays whole")
            else:
                src = str(_relink_icu_data(Path(src), name, workdir, compiler))
        result.append((dest, src, kind))
    return result


def _relink_icu_data(source: Path, soname: str, workdir: Path, compiler: str) -> Path:
    symbol, blob = _icu_blob(source.read_bytes())
    trimmed, removed = _trim_icu_package(blob, ICU_DROPPED)
    folder = workdir / "icu"
    folder.mkdir(parents=True, exist_ok=True)
    package = folder / f"{symbol.removesuffix('_dat')}l.dat"
    package.write_bytes(trimmed)
    assembly = folder / "icudata.S"
    assembly.write_text(
        "\t.section .rodata\n"
        f"\t.globl {symbol}\n"
        f"\t.type {symbol}, @object\n"
        "\t.balign 16\n"
        f"{symbol}:\n"
        f'\t.incbin "{package.name}"\n'
        f"\t.size {symbol}, . - {symbol}\n"
        '\t.section .note.GNU-stack,"",@progbits\n',
        encoding="ascii",
    )
    library = folder / soname
    subprocess.run(
        [compiler, "-shared", "-nostdlib", f"-Wl,-soname,{soname}", "-o", library.name,
         assembly.name],
        check=True,
        cwd=folder,
    )  # fmt: skip
    print(
        f"slim: ICU data {len(blob) / 1e6:.1f} MB -> {len(trimmed) / 1e6:.1f} MB"
        f" ({removed} items dropped)"
    )
    return library


def _dynamic_symbols(data: bytes) -> tuple[set[str], set[str]]:
    """The (defined, undefined) dynamic symbol names of an ELF file."""
    sections = _elf_sections(data)
    defined: set[str] = set()
    undefined: set[str] = set()
    for name, kind, _addr, offset, size, link in sections:
        if name != ".dynsym" or kind != 11:  # SHT_DYNSYM
            continue
        strings_offset = sections[link][3]
        for index in range(1, size // 24):
            st_name, _info, _other, shndx = struct.unpack_from("<IBBH", data, offset + index * 24)
            start = strings_offset + st_name
            symbol = data[start : data.index(b"\0", start)].decode("ascii")
            if symbol:
                (undefined if shndx == 0 else defined).add(symbol)  # SHN_UNDEF
    return defined, undefined


BLAS_STUB = Path(__file__).with_name("blas_stub.c")
#: numpy's OpenBLAS: scipy-openblas64 (64-bit integers) or scipy-openblas32.
_OPENBLAS = re.compile(r"libscipy_openblas(64_|32_)?-[0-9a-f]+\.so")
#: What the stub's CBLAS part defines, by BLAS's names (the library adds its prefix and
#: suffix): the routines numpy's core module calls.
CBLAS_ROUTINES = frozenset(
    f"cblas_{letter}{routine}"
    for letter, routines in (
        ("s", ("gemm", "gemv", "syrk", "dot", "axpy")),
        ("d", ("gemm", "gemv", "syrk", "dot", "axpy")),
        ("c", ("gemm", "gemv", "syrk", "dotu_sub", "dotc_sub", "axpy")),
        ("z", ("gemm", "gemv", "syrk", "dotu_sub", "dotc_sub", "axpy")),
    )
    for routine in routines
)


def replace_openblas(binaries: Iterable[Entry], workdir: Path) -> list[Entry]:
    """``binaries`` with numpy's OpenBLAS replaced by ``blas_stub.c`` built under its name.

    The stub defines the CBLAS routines that numpy's core module calls, and, for every
    other symbol that a bundled binary takes from OpenBLAS (numpy.linalg's LAPACK
    routines), an entry point that aborts with the routine's name. A bundled binary
    that needs a CBLAS routine the stub lacks stops the build: numpy would then do
    arithmetic the stub has no loop for.
    """
    entries = list(binaries)
    compiler = shutil.which("cc") or shutil.which("gcc")
    result = []
    for dest, src, kind in entries:
        name = dest.rsplit("/", 1)[-1]
        if kind == "BINARY" and _OPENBLAS.fullmatch(name):
            if compiler is None:
                print("slim: no C compiler; numpy keeps its OpenBLAS")
            else:
                users = [
                    Path(user_src)
                    for _dest, user_src, user_kind in entries
                    if user_kind in _ELF_KINDS and name in _needed(Path(user_src))
                ]
                src = str(_build_blas_stub(Path(src), name, users, workdir, compiler))
        result.append((dest, src, kind))
    return result


def _build_blas_stub(
    source: Path, soname: str, users: list[Path], workdir: Path, compiler: str
) -> Path:
    exported, _ = _dynamic_symbols(source.read_bytes())
    wanted: set[str] = set()
    for user in users:
        wanted |= _dynamic_symbols(user.read_bytes())[1] & exported
    # scipy_cblas_dgemm64_: the naming that every routine shares (not dgemm_batch...).
    prefix, suffix = next(
        match.groups()
        for symbol in exported
        if (match := re.fullmatch(r"(\w*)cblas_dgemm(64_|_64|)", symbol))
    )
    integer = "int64_t" if "openblas64_" in soname else "int"
    routines = {symbol.removeprefix(prefix).removesuffix(suffix): symbol for symbol in wanted}
    missing = sorted(
        routine for routine in routines if routine.startswith("cblas_")
        and routine not in CBLAS_ROUTINES
    )  # fmt: skip
    if missing:
        raise SystemExit(f"slim: numpy calls CBLAS routines the stub lacks: {missing}")
    folder = workdir / "blas"
    folder.mkdir(parents=True, exist_ok=True)
    lapack = folder / "lapack_unavailable.c"
    lapack.write_text(
        "#include <stdio.h>\n#include <stdlib.h>\n"
        "static void unavailable(const char *name) {\n"
        '    fprintf(stderr, "EvidenceBoard: numpy.linalg called the LAPACK routine %s,'
        ' which this app does not include\\n", name);\n'
        "    abort();\n}\n"
        + "".join(
            f'void {symbol}(void) {{ unavailable("{routine}"); }}\n'
            for routine, symbol in sorted(routines.items())
            if not routine.startswith("cblas_")
        ),
        encoding="ascii",
    )
    library = folder / soname
    subprocess.run(
        [compiler, "-shared", "-fPIC", "-O2", f"-Wl,-soname,{soname}", "-o", str(library),
         f"-DBLAS_INT={integer}", f"-DBLAS_PREFIX={prefix}", f"-DBLAS_SUFFIX={suffix}",
         str(BLAS_STUB), str(lapack)],
        check=True,
    )  # fmt: skip
    defined, _ = _dynamic_symbols(library.read_bytes())
    if wanted - defined:
        raise SystemExit(f"slim: the BLAS stub lacks {sorted(wanted - defined)}")
    print(
        f"slim: OpenBLAS {source.stat().st_size / 1e6:.1f} MB -> BLAS stub"
        f" {library.stat().st_size / 1e6:.2f} MB ({len(wanted)} symbols)"
    )
    return library


_SYSTEM_LIBRARY = re.compile(r"(lib[\w+]+?)\.so\.(\d+)")
_WHEEL_LIBRARY = re.compile(r"[^/]+\.libs/(lib[\w+]+?)-[0-9a-f]{8}\.so\.(\d+)(\.[\d.]+)?")


def share_wheel_libraries(
    binaries: Iterable[Entry], datas: Iterable[Entry]
) -> tuple[list[Entry], list[Entry]]:
    """(binaries, datas) with each top-level system library that a wheel also bundles
    (same name and major version, as auditwheel renames it: ``libssl-6a9b88ec.so.3``)
    made a link to the wheel's copy.

    Python's ``ssl`` links the build machine's OpenSSL and psycopg's wheel brings its
    own; Qt links the system's Kerberos and zstd, which psycopg's and Pillow's wheels
    carry too. Libraries keep their ABI within a major version. Only done, for all of
    them or none (a library and its dependencies must come from the same side), when
    each wheel copy exports every symbol that bundled binaries take from the system's:
    a wheel older than the build machine's library is left alone.
    """
    entries = list(binaries)
    links = list(datas)
    wheel: dict[tuple[str, str], tuple[str, str]] = {}
    for dest, src, kind in entries:
        if kind == "BINARY" and (match := _WHEEL_LIBRARY.fullmatch(dest)):
            wheel.setdefault((match[1], match[2]), (dest, src))
    pairs = {
        dest: (src, wheel[(match[1], match[2])])
        for dest, src, kind in entries
        if kind == "BINARY"
        and (match := _SYSTEM_LIBRARY.fullmatch(dest))
        and (match[1], match[2]) in wheel
    }
    if not pairs:
        return entries, links
    undefined = {
        dest: _dynamic_symbols(Path(src).read_bytes())[1]
        for dest, src, kind in entries
        if kind in _ELF_KINDS and dest not in pairs and _needed(Path(src)) & pairs.keys()
    }
    for name, (src, (_wheel_dest, wheel_src)) in pairs.items():
        provided = _dynamic_symbols(Path(src).read_bytes())[0]
        offered = _dynamic_symbols(Path(wheel_src).read_bytes())[0]
        taken = set().union(*undefined.values()) & provided
        if taken - offered:
            print(f"slim: the wheel's {name} lacks {sorted(taken - offered)[:5]}; all stay")
            return entries, links
    for name, (_src, (wheel_dest, _wheel_src)) in sorted(pairs.items()):
        print(f"slim: {name} -> {wheel_dest}")
    kept = [entry for entry in entries if entry[0] not in pairs]
    return kept, links + [
        (name, wheel_dest, "SYMLINK") for name, (_src, (wheel_dest, _)) in sorted(pairs.items())
    ]


def _needed(path: Path) -> set[str]:
    """The DT_NEEDED names of an ELF file (empty for anything else)."""
    data = path.read_bytes()
    sections = _elf_sections(data)
    names: set[str] = set()
    for name, _kind, _addr, offset, size, link in sections:
        if name != ".dynamic":
            continue
        strings_offset = sections[link][3]
        for index in range(size // 16):
            tag, value = struct.unpack_from("<qQ", data, offset + index * 16)
            if tag == 0:
                break
            if tag == 1:  # DT_NEEDED
                start = strings_offset + value
                names.add(data[start : data.index(b"\0", start)].decode("ascii"))
    return names


def _linked_only(dest: str) -> bool:
    """Whether the library at ``dest`` is only ever loaded as another one's DT_NEEDED.

    True for system libraries at the top of the folder, a wheel's auditwheel folder
    (``pillow.libs/``) and Qt's own libraries; not for libpython (the bootloader
    opens it by name), Qt plugins (Qt opens them) or anything else in a package
    (pypdfium2 opens its library with ctypes).
    """
    folder, _, name = dest.rpartition("/")
    if not folder:
        return not name.startswith("libpython")
    return (folder.endswith(".libs") and "/" not in folder) or folder == "PySide6/Qt/lib"


def prune_orphans(binaries: Iterable[Entry]) -> list[Entry]:
    """``binaries`` without the libraries that no other bundled binary needs.

    Only libraries that nothing loads but the dynamic linker are candidates
    (:func:`_linked_only`); removing one can leave others without users, so this
    repeats until nothing changes.
    """
    entries = list(binaries)
    needed = {dest: _needed(Path(src)) for dest, src, kind in entries if kind in _ELF_KINDS}
    candidates = {dest for dest, _src, kind in entries if kind == "BINARY" and _linked_only(dest)}
    while True:
        wanted = set().union(*needed.values())
        # DT_NEEDED holds file names; the dynamic linker finds them through RUNPATH.
        orphans = {
            dest for dest in candidates & needed.keys() if dest.rpartition("/")[2] not in wanted
        }
        if not orphans:
            break
        for dest in orphans:
            del needed[dest]
    return [entry for entry in entries if entry[2] not in _ELF_KINDS or entry[0] in needed]


def drop_dangling_symlinks(datas: Iterable[Entry], binaries: Iterable[Entry]) -> list[Entry]:
    """``datas`` without the top-level links PyInstaller made to binaries no longer bundled."""
    bundled = {dest for dest, _src, _kind in binaries}
    return [entry for entry in datas if entry[2] != "SYMLINK" or entry[1] in bundled]
