# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""17.0.2.2.0: the pack expiry became a private method (no longer callable
over XML-RPC); its scheduled action is noupdate, so its code is set here."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    cron = env.ref(
        "cloudworkz_prepaid_pack.ir_cron_expire_packs", raise_if_not_found=False
    )
    if cron:
        cron.code = "model._cron_expire_packs()"
