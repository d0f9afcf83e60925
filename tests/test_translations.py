# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Every translatable term of the addons has a Swedish translation, and the
Swedish the customer reads is the one shipped in i18n/sv.po."""

import os
import re

import polib

from odoo.tools.translate import TranslationModuleReader

from .common import ScenarioCase

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Names of the service models stay in English in Swedish, as in the seeds,
# and a few words are the same in both: OCA's PO formatter then leaves the
# msgstr empty.
KEPT_IN_ENGLISH = re.compile(
    r"%\([a-z_]+\)[sd]|First Line( Support)?|On Demand|^(ID|Period|Status):?$"
)
TAGS = re.compile(r"<[^>]*>")


def kept_in_english(msgid):
    text = TAGS.sub("", msgid).strip()
    return not re.search(r"[A-Za-z]", KEPT_IN_ENGLISH.sub("", text))


class TestSwedishTranslations(ScenarioCase):
    def addons(self):
        installed = self.env["ir.module.module"].search(
            [("name", "like", "cloudworkz_%"), ("state", "=", "installed")]
        )
        self.assertTrue(installed)
        return installed.mapped("name")

    def test_every_term_is_translated(self):
        for addon in self.addons():
            with self.subTest(addon=addon):
                po = polib.pofile(os.path.join(ROOT, addon, "i18n", "sv.po"))
                translated = {
                    e.msgid
                    for e in po
                    if not e.obsolete and (e.msgstr or kept_in_english(e.msgid))
                }
                reader = TranslationModuleReader(self.env.cr, modules=[addon])
                terms = {term[4] for term in reader if term[0] == addon}
                missing = sorted(terms - translated)
                self.assertFalse(missing, f"{addon}: untranslated terms {missing}")

    def test_swedish_reaches_the_user(self):
        self.env["res.lang"]._activate_lang("sv_SE")
        self.env["ir.module.module"].search(
            [("name", "in", self.addons())]
        )._update_translations(["sv_SE"])
        sv = self.env(context=dict(self.env.context, lang="sv_SE"))
        fields = sv["contract.contract"].fields_get(["support_type"])
        self.assertEqual(fields["support_type"]["string"], "Avtalstyp")
        if "cloudworkz_coverage" in self.addons():
            category = sv.ref("cloudworkz_coverage.category_data_import")
            self.assertEqual(category.name, "Dataimport")
