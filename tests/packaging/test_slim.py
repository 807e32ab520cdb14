"""The Linux app folder's size reductions (``packaging/slim.py``): ICU data trimming,
stripping of debug information and pruning of libraries nothing links.

The libraries here are built with the C compiler the build machine has; where there is
none (or no binutils), those tests are skipped, as the spec then skips those steps.
"""

import ctypes
import importlib.util
import shutil
import struct
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest
from numpy.typing import NDArray

SLIM_PATH = Path(__file__).resolve().parents[2] / "packaging" / "slim.py"
CC = shutil.which("cc") or shutil.which("gcc")
needs_cc = pytest.mark.skipif(CC is None or not sys.platform.startswith("linux"), reason="no cc")
needs_strip = pytest.mark.skipif(shutil.which("strip") is None, reason="no binutils")


def load_slim() -> ModuleType:
    # "packaging" is also a PyPI package's name, so the file is loaded by its path.
    spec = importlib.util.spec_from_file_location("evidenceboard_slim", SLIM_PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


slim = load_slim()

ITEMS = {
    "icudt99l/af.res": b"a locale bundle",
    "icudt99l/res_index.res": b"the installed locales",
    "icudt99l/root.res": b"the root locale",
    "icudt99l/supplementalData.res": b"likely subtags",
    "icudt99l/coll/de.res": b"collation" * 7,
    "icudt99l/curr/de.res": b"currency names",
    "icudt99l/ibm-943_P15A-2003.cnv": b"Shift_JIS converter" * 2,
    "icudt99l/unames.icu": b"character names",
    "icudt99l/unit/de.res": b"unit names" * 3,
    "icudt99l/zoneinfo64.res": b"time zone rules" * 5,
}


def icu_package(items: dict[str, bytes]) -> bytes:
    """An ICU common data package ("CmnD"), laid out as ICU's pkgdata writes it."""
    info = struct.pack("<HHBBBB4s4s4s", 20, 0, 0, 0, 2, 0, b"CmnD", b"\1\0\0\0", b"\0\0\0\0")
    header = struct.pack("<HBB", 32, 0xDA, 0x27) + info
    header += b"\0" * (32 - len(header))
    names = sorted(items)
    table_size = 4 + 8 * len(names) + sum(len(name) + 1 for name in names)
    offset = table_size + (-table_size % 16)
    table, strings, body = struct.pack("<I", len(names)), b"", b""
    for name in names:
        data = items[name] + b"\0" * (-len(items[name]) % 16)
        table += struct.pack("<II", 4 + 8 * len(names) + len(strings), offset + len(body))
        strings += name.encode() + b"\0"
        body += data
    toc = table + strings
    return header + toc + b"\0" * (-len(toc) % 16) + body


def read_package(blob: bytes) -> dict[str, bytes]:
    """The items of a package, each with its data up to the next one (padding included)."""
    toc = blob[struct.unpack_from("<H", blob, 0)[0] :]
    count = struct.unpack_from("<I", toc, 0)[0]
    entries = [struct.unpack_from("<II", toc, 4 + 8 * index) for index in range(count)]
    items = {}
    for index, (name_offset, data_offset) in enumerate(entries):
        assert data_offset % 16 == 0
        end = entries[index + 1][1] if index + 1 < count else len(toc)
        items[toc[name_offset : toc.index(b"\0", name_offset)].decode()] = toc[data_offset:end]
    return items


def compile_library(folder: Path, name: str, source: str, *args: str) -> Path:
    assert CC is not None
    (folder / f"{name}.c").write_text(source, encoding="ascii")
    output = folder / name
    command = [CC, "-shared", "-fPIC", f"-Wl,-soname,{name}", "-o", name, f"{name}.c", *args]
    subprocess.run(command, check=True, cwd=folder)
    return output


def test_trimmed_package_keeps_the_other_items_whole_and_sorted() -> None:
    trimmed, removed = slim._trim_icu_package(icu_package(ITEMS), slim.ICU_DROPPED)
    items = read_package(trimmed)
    assert removed == 5
    assert list(items) == [
        "icudt99l/coll/de.res",
        "icudt99l/res_index.res",
        "icudt99l/root.res",
        "icudt99l/supplementalData.res",
        "icudt99l/zoneinfo64.res",
    ]
    for name, data in items.items():
        assert data.rstrip(b"\0") == ITEMS[name]


def test_only_little_endian_common_data_is_trimmed() -> None:
    package = bytearray(icu_package(ITEMS))
    package[8] = 1  # isBigEndian
    with pytest.raises(ValueError):
        slim._trim_icu_package(bytes(package), slim.ICU_DROPPED)


@needs_cc
def test_relinked_icu_library_loads_and_exports_the_trimmed_package(tmp_path: Path) -> None:
    package = icu_package(ITEMS)
    array = ",".join(str(byte) for byte in package)
    original = compile_library(
        tmp_path, "libicudata.so.99", f"const unsigned char icudt99_dat[] = {{{array}}};"
    )
    dest = "PySide6/Qt/lib/libicudata.so.99"
    entries = [(dest, str(original), "BINARY"), ("other.so", "/x/other.so", "BINARY")]

    result = slim.trim_icu_data(entries, tmp_path / "work")

    assert result[1] == entries[1]
    assert result[0][0] == dest and result[0][1] != str(original)
    relinked = Path(result[0][1])
    symbol, blob = slim._icu_blob(relinked.read_bytes())
    assert symbol == "icudt99_dat"
    assert list(read_package(blob)) == [
        "icudt99l/coll/de.res",
        "icudt99l/res_index.res",
        "icudt99l/root.res",
        "icudt99l/supplementalData.res",
        "icudt99l/zoneinfo64.res",
    ]
    library = ctypes.CDLL(str(relinked))
    assert bytes((ctypes.c_ubyte * len(blob)).in_dll(library, "icudt99_dat")) == blob
    assert original.read_bytes() != relinked.read_bytes()


@needs_cc
@needs_strip
def test_files_with_debug_information_or_symbols_are_stripped(tmp_path: Path) -> None:
    debug = compile_library(tmp_path, "libdebug.so", "int answer(void) { return 42; }", "-g")
    symbols = compile_library(tmp_path, "libsymbols.so", "int seven(void) { return 7; }")
    plain = compile_library(tmp_path, "libplain.so", "int other(void) { return 7; }", "-s")
    before = debug.read_bytes()
    entries = [
        ("libdebug.so", str(debug), "BINARY"),
        ("pkg/symbols.so", str(symbols), "EXTENSION"),
        ("pkg/plain.so", str(plain), "EXTENSION"),
    ]

    result = slim.strip_debug_info(entries, tmp_path / "work")

    assert result[2] == entries[2]
    stripped = Path(result[0][1])
    assert stripped != debug and debug.read_bytes() == before
    assert slim._has_symbols(debug) and not slim._has_symbols(stripped)
    assert len(stripped.read_bytes()) < len(before)
    assert ctypes.CDLL(str(stripped)).answer() == 42
    assert not slim._has_symbols(Path(result[1][1]))
    assert ctypes.CDLL(result[1][1]).seven() == 7


@needs_cc
def test_a_file_whose_mapped_bytes_strip_changes_is_kept_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    library = compile_library(tmp_path, "libsymbols.so", "int seven(void) { return 7; }")
    # A strip that rewrites a byte the loader maps, as one that lays a file out anew does.
    fake = tmp_path / "bin" / "strip"
    fake.parent.mkdir()
    fake.write_text('#!/bin/sh\nprintf X | dd of="$2" bs=1 seek=200 conv=notrunc 2>/dev/null\n')
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}:/usr/bin:/bin")
    debug = compile_library(tmp_path, "libdebug.so", "int answer(void) { return 42; }", "-g")
    entries = [("libsymbols.so", str(library), "BINARY"), ("libdebug.so", str(debug), "BINARY")]

    result = slim.strip_debug_info(entries, tmp_path / "work")

    # Files with debug information are stripped whatever strip does, as they always were.
    assert result[0] == entries[0]
    assert result[1][1] != str(debug)


@needs_cc
def test_libraries_that_nothing_links_are_pruned(tmp_path: Path) -> None:
    lib = tmp_path
    compile_library(lib, "libleaf.so", "int leaf(void) { return 1; }")
    compile_library(lib, "libused.so", "int leaf(void); int used(void) { return leaf(); }",
                    "-L.", "-l:libleaf.so")  # fmt: skip
    compile_library(lib, "libgone.so", "int gone_leaf(void) { return 2; }")
    compile_library(lib, "liborphan.so", "int gone_leaf(void); int o(void) { return gone_leaf(); }",
                    "-L.", "-l:libgone.so")  # fmt: skip
    compile_library(lib, "ext.so", "int used(void); int PyInit_ext(void) { return used(); }",
                    "-L.", "-l:libused.so")  # fmt: skip
    compile_library(lib, "libpython9.so", "int py(void) { return 3; }")
    compile_library(lib, "plugin.so", "int plugin(void) { return 4; }")
    entries = [
        ("pkg/ext.so", str(lib / "ext.so"), "EXTENSION"),
        ("libused.so", str(lib / "libused.so"), "BINARY"),
        ("libleaf.so", str(lib / "libleaf.so"), "BINARY"),
        ("liborphan.so", str(lib / "liborphan.so"), "BINARY"),
        ("pillow.libs/libgone.so", str(lib / "libgone.so"), "BINARY"),
        ("libpython9.so", str(lib / "libpython9.so"), "BINARY"),
        # Plugins are opened by their host at run time, so nothing links them.
        ("PySide6/Qt/plugins/platforms/plugin.so", str(lib / "plugin.so"), "BINARY"),
        ("notes.txt", str(lib / "libused.so.c"), "DATA"),
    ]

    kept = [dest for dest, _src, _kind in slim.prune_orphans(entries)]

    assert kept == [
        "pkg/ext.so",
        "libused.so",
        "libleaf.so",
        "libpython9.so",
        "PySide6/Qt/plugins/platforms/plugin.so",
        "notes.txt",
    ]


def test_links_to_pruned_libraries_are_dropped() -> None:
    binaries = [("PySide6/Qt/lib/libQt6Core.so.6", "/x/libQt6Core.so.6", "BINARY")]
    datas = [
        ("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
        ("libQt6OpenGL.so.6", "PySide6/Qt/lib/libQt6OpenGL.so.6", "SYMLINK"),
        ("fonts/DejaVuSans.ttf", "/x/DejaVuSans.ttf", "DATA"),
    ]
    assert slim.drop_dangling_symlinks(datas, binaries) == [datas[0], datas[2]]


NUMPY_LIBS = Path(np.__file__).parent.parent / "numpy.libs"
OPENBLAS = sorted(NUMPY_LIBS.glob("libscipy_openblas*.so"))
needs_openblas = pytest.mark.skipif(not OPENBLAS, reason="numpy without scipy-openblas")

# Every way numpy reaches CBLAS, per type: dot and vdot of vectors (dot, dotc), matrix
# times vector in both orders and layouts (gemv, both transpositions), matrix products
# of C and Fortran arrays and their transposes (gemm), A @ A.T (syrk), reversed and
# strided views, empty and one-row shapes, and outputs that start as NaN (beta 0).
PRODUCTS = """
import sys
import numpy as np

rng = np.random.default_rng(7)
results = {}
for dtype in (np.float32, np.float64, np.complex64, np.complex128):
    def draw(*shape):
        a = rng.standard_normal(shape)
        if np.issubdtype(dtype, np.complexfloating):
            a = a + 1j * rng.standard_normal(shape)
        return a.astype(dtype)
    a, b, v, w = draw(7, 5), draw(5, 9), draw(5), draw(7)
    f = np.asfortranarray(a)
    cases = {
        "dot": np.dot(v, v[::-1]),
        "vdot": np.vdot(w, w),
        "strided_dot": np.dot(w[:6:2], w[1::2]),
        "gemv": a @ v,
        "gemv_t": w @ a,
        "gemv_f": f @ v,
        "gemv_ft": f.T @ w,
        "gemm": a @ b,
        "gemm_tt": b.T @ a.T,
        "gemm_f": f @ np.asfortranarray(b),
        "gemm_conj": np.conj(a.T) @ a,
        "syrk": a @ a.T,
        "syrk_t": a.T @ a,
        "row": a[:1] @ b,
        "empty": a[:, :0] @ b[:0, :],
        "strided": a[::2, ::2] @ b[:3:, ::3],
        "inner": np.inner(a, a),
        "tensordot": np.tensordot(draw(3, 4, 5), draw(5, 4, 2), axes=([1, 2], [1, 0])),
    }
    out = np.full((7, 9), np.nan, dtype=dtype)
    np.matmul(a, b, out=out)
    cases["out_nan"] = out
    for name, value in cases.items():
        results[f"{np.dtype(dtype).name}-{name}"] = value
# Which BLAS library served them.
maps = open("/proc/self/maps").read().split()
blas = sorted({word for word in maps if "openblas" in word})
np.savez(sys.argv[1], blas=np.array(blas), **results)
"""


def products(tmp_path: Path, name: str, preload: Path | None = None) -> dict[str, NDArray[Any]]:
    env = {"PATH": "/usr/bin:/bin"} | ({"LD_PRELOAD": str(preload)} if preload else {})
    output = tmp_path / f"{name}.npz"
    subprocess.run([sys.executable, "-c", PRODUCTS, str(output)], check=True, env=env)
    with np.load(output) as data:
        return {key: data[key] for key in data.files}


def blas_stub(tmp_path: Path) -> Path:
    numpy_dir = NUMPY_LIBS.parent / "numpy"
    entries = [(f"numpy.libs/{OPENBLAS[0].name}", str(OPENBLAS[0]), "BINARY")]
    entries += [
        (str(p.relative_to(numpy_dir)), str(p), "EXTENSION") for p in numpy_dir.rglob("*.so")
    ]
    result = slim.replace_openblas(entries, tmp_path / "work")
    assert result[0][0] == entries[0][0]
    stub = Path(result[0][1])
    assert stub.name == OPENBLAS[0].name and stub.stat().st_size < 200_000
    return stub


@needs_cc
@needs_openblas
def test_blas_stub_computes_what_openblas_does(tmp_path: Path) -> None:
    stub = blas_stub(tmp_path)
    expected = products(tmp_path, "openblas")
    # The stub has OpenBLAS's soname, so the dynamic loader takes the preloaded stub for
    # it and never opens OpenBLAS.
    actual = products(tmp_path, "stub", preload=stub)
    assert list(actual.pop("blas")) == [str(stub)]
    assert list(expected.pop("blas")) == [str(OPENBLAS[0].resolve())]
    assert actual.keys() == expected.keys()
    for key, value in expected.items():
        tolerance = 1e-4 if key.startswith(("float32", "complex64")) else 1e-10
        assert np.allclose(actual[key], value, rtol=tolerance, atol=tolerance), key
        assert actual[key].shape == value.shape, key


@needs_cc
@needs_openblas
def test_blas_stub_aborts_on_lapack_with_the_routine_named(tmp_path: Path) -> None:
    stub = blas_stub(tmp_path)
    env = {"PATH": "/usr/bin:/bin", "LD_PRELOAD": str(stub)}
    code = "import numpy as np; np.linalg.inv(np.eye(3))"
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert run.returncode != 0
    assert "numpy.linalg called the LAPACK routine" in run.stderr


@needs_cc
def test_a_cblas_routine_the_stub_lacks_stops_the_build(tmp_path: Path) -> None:
    blas = compile_library(
        tmp_path, "libscipy_openblas64_-0a1b.so",
        "void scipy_cblas_dgemm64_(void) {} void scipy_cblas_dtrsm64_(void) {}",
    )  # fmt: skip
    uses_trsm = "void scipy_cblas_dtrsm64_(void); void f(void) { scipy_cblas_dtrsm64_(); }"
    ext = compile_library(tmp_path, "ext.so", uses_trsm, "-L.", f"-l:{blas.name}")
    entries = [(f"numpy.libs/{blas.name}", str(blas), "BINARY"), ("ext.so", str(ext), "EXTENSION")]
    with pytest.raises(SystemExit, match="cblas_dtrsm"):
        slim.replace_openblas(entries, tmp_path / "work")


@needs_cc
def test_system_libraries_that_a_wheel_also_bundles_become_links_to_it(tmp_path: Path) -> None:
    system = tmp_path / "system"
    wheel = tmp_path / "wheel"
    system.mkdir()
    wheel.mkdir()
    compile_library(
        system, "libfoo.so.1", "int foo(void) { return 1; } int old(void) { return 0; }"
    )
    compile_library(wheel, "libfoo-0a1b2c3d.so.1.4", "int foo(void) { return 2; }")
    compile_library(wheel, "libbar-4e5f6a7b.so.2.0", "int bar(void) { return 3; }")
    compile_library(system, "ext.so", "int foo(void); int f(void) { return foo(); }",
                    "-L.", "-l:libfoo.so.1")  # fmt: skip
    entries = [
        ("pkg/ext.so", str(system / "ext.so"), "EXTENSION"),
        ("libfoo.so.1", str(system / "libfoo.so.1"), "BINARY"),
        ("pkg.libs/libfoo-0a1b2c3d.so.1.4", str(wheel / "libfoo-0a1b2c3d.so.1.4"), "BINARY"),
        ("pkg.libs/libbar-4e5f6a7b.so.2.0", str(wheel / "libbar-4e5f6a7b.so.2.0"), "BINARY"),
    ]
    datas = [("notes.txt", "/x/notes.txt", "DATA")]

    binaries, links = slim.share_wheel_libraries(entries, datas)

    assert binaries == [entries[0], entries[2], entries[3]]
    assert links == [*datas, ("libfoo.so.1", "pkg.libs/libfoo-0a1b2c3d.so.1.4", "SYMLINK")]


@needs_cc
def test_a_wheel_library_without_a_symbol_the_app_takes_is_not_shared(tmp_path: Path) -> None:
    compile_library(
        tmp_path, "libfoo.so.1", "int foo(void) { return 1; } int old(void) { return 0; }"
    )
    compile_library(tmp_path, "libfoo-0a1b2c3d.so.1.4", "int foo(void) { return 2; }")
    compile_library(tmp_path, "ext.so", "int old(void); int f(void) { return old(); }",
                    "-L.", "-l:libfoo.so.1")  # fmt: skip
    entries = [
        ("pkg/ext.so", str(tmp_path / "ext.so"), "EXTENSION"),
        ("libfoo.so.1", str(tmp_path / "libfoo.so.1"), "BINARY"),
        ("pkg.libs/libfoo-0a1b2c3d.so.1.4", str(tmp_path / "libfoo-0a1b2c3d.so.1.4"), "BINARY"),
    ]

    assert slim.share_wheel_libraries(entries, []) == (entries, [])
