# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Count lines of custom code in a zip of addons with Odoo's own counter.

``odoo.tools.cloc.Cloc`` is what ``odoo-bin cloc`` uses, so the figures are
the ones a customer or Odoo SA would get on the same source.
"""

import io
import os
import posixpath
import tempfile
import zipfile

from odoo.modules.module import MANIFEST_NAMES
from odoo.tools.cloc import Cloc

MAX_ZIP_BYTES = 50 * 2**20  # uncompressed
MAX_ZIP_FILES = 20000


class CodeCountError(ValueError):
    """The archive cannot be counted; the message says why."""


def _safe_members(archive):
    members = archive.infolist()
    if len(members) > MAX_ZIP_FILES:
        raise CodeCountError(f"the archive holds more than {MAX_ZIP_FILES} files")
    total = 0
    for info in members:
        name = info.filename
        normalized = posixpath.normpath(name)
        if (
            name.startswith(("/", "\\"))
            or normalized.startswith("..")
            or ":" in name.split("/")[0]
            or "\\" in name
        ):
            raise CodeCountError(f"the archive has a path outside its folder: {name}")
        if info.external_attr >> 28 == 0o12:  # symbolic link
            raise CodeCountError(f"the archive holds a symbolic link: {name}")
        total += info.file_size
        if total > MAX_ZIP_BYTES:
            raise CodeCountError(
                f"the archive unpacks to more than {MAX_ZIP_BYTES // 2**20} MiB"
            )
    return members


def count_zip_lines(data):
    """Return ``{module_name: lines_of_code}`` for each addon in a zip.

    An addon is a folder holding a manifest. Raises CodeCountError for an
    archive that is not a zip, is too big, escapes its folder or holds no addon.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise CodeCountError("the file is not a valid zip archive") from exc
    with archive, tempfile.TemporaryDirectory(prefix="cw_cloc_") as tmp:
        for info in _safe_members(archive):
            archive.extract(info, tmp)
        module_paths = []
        for root, _dirs, files in os.walk(tmp):
            if any(name in files for name in MANIFEST_NAMES):
                module_paths.append(root)
        if not module_paths:
            raise CodeCountError("the archive holds no Odoo addon (no __manifest__.py)")
        cloc = Cloc()
        counted = []
        for path in sorted(module_paths):
            # an addon nested in another one is already counted with it
            if any(path.startswith(parent + os.sep) for parent in counted):
                continue
            counted.append(path)
            cloc.count_path(path)
        return {module: lines for module, lines in cloc.code.items()}
