# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Base for the scenarios across addons, which live outside any addon: Odoo
tags and names test classes from their addon's module path, so these give
theirs by hand."""

from odoo.tests.common import TransactionCase


class ScenarioCase(TransactionCase):
    test_tags = {"standard", "post_install"}
    test_module = "cloudworkz_scenarios"
    test_class = "ScenarioCase"
