"""A smaller ICU data library for the bundle: libicudata.so.73 is 32 MB, almost all of it data
Qt never asks ICU for, or for languages the client does not speak. This keeps the root, English
and Chinese locales, normalization, collation and the time zone and plural rules, and drops the
rest (other locales, transliteration, break rules and dictionaries, display names, legacy code
pages): 32 MB → about 4 MB.

Qt links libicudata only for the one symbol `icudt<N>_dat`, the packaged data; so the new library
is that data, reassembled (`icupkg` removes items and checks their dependencies), in a shared
object of the same name. Needs icupkg (Debian: icu-devtools), readelf and gcc; without them the
bundle keeps the full library.

Used by build.spec; `python packaging/trim_icu.py LIB OUT_DIR` to try it by hand.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

KEEP_LOCALES = re.compile(
    r"(^|/)(root|en|en_US|en_001|en_GB|zh|zh_CN|zh_Hans|zh_Hans_CN|pool|res_index)\.res$"
)
# Whole-ICU resources (not per locale) that locale, number, time and plural handling read.
KEEP_SUPPLEMENTAL = re.compile(
    r"^(supplementalData|likelySubtags|metadata|metaZones|timezoneTypes|windowsZones"
    r"|numberingSystems|plurals|pluralRanges|dayPeriods|genderList|grammaticalFeatures|icuver"
    r"|icustd|keyTypeData|currencyNumericCodes|tzdbNames|units|zoneinfo64)\.res$"
)
DROP_ALWAYS = re.compile(
    r"^(unames\.icu|translit/|.*\.cnv$"  # legacy code pages: the client reads and writes UTF-8
    # Qt finds text boundaries with its own Unicode tables, and names languages, regions and
    # currencies from its own CLDR data: ICU's break rules and display names go unused.
    r"|brkitr/|lang/|region/|curr/|unit/|zone/)"
)


def tools_available() -> bool:
    return all(shutil.which(tool) for tool in ("icupkg", "readelf", "gcc"))


def data_blob(library: Path) -> tuple[str, bytes]:
    """The exported data symbol's name and bytes."""
    symbols = subprocess.run(
        ["readelf", "--dyn-syms", "-W", str(library)], capture_output=True, text=True, check=True
    ).stdout
    match = re.search(
        r"\s([0-9a-f]+)\s+(0x[0-9a-f]+|\d+)\s+OBJECT\s+GLOBAL\s+\S+\s+\d+\s+(icudt\d+_dat)", symbols
    )
    if match is None:
        raise ValueError(f"no ICU data symbol in {library}")
    address, size, name = int(match.group(1), 16), int(match.group(2), 0), match.group(3)
    sections = subprocess.run(
        ["readelf", "-S", "-W", str(library)], capture_output=True, text=True, check=True
    ).stdout
    for line in sections.splitlines():
        fields = re.match(
            r"\s*\[\s*\d+\]\s+(\S+)\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)", line
        )
        if fields:
            start, offset, length = (int(x, 16) for x in fields.groups()[1:])
            if start <= address < start + length:
                raw = library.read_bytes()
                begin = offset + address - start
                return name, raw[begin : begin + size]
    raise ValueError(f"the ICU data symbol of {library} is in no section")


def unwanted(name: str) -> bool:
    if DROP_ALWAYS.match(name):
        return True
    if name.endswith(".res"):
        return not (KEEP_LOCALES.search(name) or KEEP_SUPPLEMENTAL.match(name))
    return False


def trim(library: Path, work: Path) -> Path:
    """The trimmed library, written into `work`."""
    work.mkdir(parents=True, exist_ok=True)
    symbol, blob = data_blob(library)
    # icupkg wants the package's own name on its files: icudt73l.dat (l: little-endian).
    package = symbol.removesuffix("_dat") + ("l" if sys.byteorder == "little" else "b")
    (work / "full").mkdir(exist_ok=True)
    (work / "trimmed").mkdir(exist_ok=True)
    full = work / "full" / f"{package}.dat"
    full.write_bytes(blob)
    listing = subprocess.run(
        ["icupkg", "-l", str(full)], capture_output=True, text=True, check=True
    ).stdout.split()
    items = [item.removeprefix(package + "/") for item in listing]
    drop = [item for item in items if unwanted(item)]
    trimmed, drop_list = work / "trimmed" / f"{package}.dat", work / "drop.txt"
    for _ in range(20):  # keep what a kept item depends on, as icupkg says
        drop_list.write_text("\n".join(drop) + "\n")
        trimmed.unlink(missing_ok=True)
        result = subprocess.run(
            ["icupkg", "-r", str(drop_list), str(full), str(trimmed)],
            capture_output=True,
            text=True,
        )
        missing = set(re.findall(r"depends on missing item (\S+)", result.stdout + result.stderr))
        if not missing and result.returncode == 0 and trimmed.exists():
            break
        drop = [item for item in drop if item not in missing]
    else:
        raise RuntimeError(f"icupkg could not trim the ICU data: {result.stderr}")
    source = work / "icudata.S"
    source.write_text(
        "    .section .rodata\n"
        f"    .globl {symbol}\n"
        f"    .type {symbol}, @object\n"
        "    .balign 16\n"
        f"{symbol}:\n"
        f'    .incbin "{trimmed}"\n'
        f"    .size {symbol}, .-{symbol}\n"
        '    .section .note.GNU-stack,"",@progbits\n'
    )
    output = work / library.name
    subprocess.run(
        [
            "gcc",
            "-shared",
            "-nostdlib",
            f"-Wl,-soname,{library.name}",
            "-o",
            str(output),
            str(source),
        ],
        check=True,
    )
    return output


if __name__ == "__main__":
    built = trim(Path(sys.argv[1]), Path(sys.argv[2]))
    print(f"{built}: {built.stat().st_size / 1e6:.1f} MB")
