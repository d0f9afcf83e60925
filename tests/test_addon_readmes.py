# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Each addon's README.rst (what its wheel and the Apps page show) is the
one setup/gen_readme.py makes of its readme/*.md fragments as they are now,
and renders without a docutils warning."""

import importlib.util
import os
import re
import unittest

from docutils.core import publish_string

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def gen_readme():
    spec = importlib.util.spec_from_file_location(
        "gen_readme", os.path.join(REPO, "setup", "gen_readme.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestAddonReadmes(unittest.TestCase):
    def test_readme_rst_is_generated_from_the_fragments_as_they_are(self):
        gen = gen_readme()
        self.assertTrue(gen.addons())
        for addon in gen.addons():
            with self.subTest(addon=addon):
                with open(os.path.join(REPO, addon, "README.rst")) as handle:
                    rst = handle.read()
                digest = re.search(r"source digest: sha256:([0-9a-f]{64})", rst)
                self.assertTrue(digest, "no digest: run python3 setup/gen_readme.py")
                self.assertEqual(
                    digest.group(1),
                    gen.source_digest(addon),
                    "readme/ or the manifest changed: run python3 setup/gen_readme.py",
                )
                publish_string(
                    rst, writer_name="html", settings_overrides={"halt_level": 2}
                )
                self.assertTrue(
                    os.path.exists(
                        os.path.join(REPO, addon, "static", "description", "index.html")
                    )
                )
