# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""17.0.2.2.0: the scheduled actions became private methods (no longer
callable over XML-RPC); their records are noupdate, so their code is set
here. The patch windows plan themselves."""

from odoo import SUPERUSER_ID, api

CRONS = {
    "ir_cron_support_invoicing": (
        "contract.contract",
        "model._cron_support_invoicing()",
    ),
    "ir_cron_patch_windows": ("cloudworkz.support.patch.window", "model._cron_plan()"),
    "ir_cron_patch_notices": ("project.task", "model._cron_patch_notices()"),
    "ir_cron_support_renewals": ("contract.contract", "model._cron_support_renewals()"),
}


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid, (model, code) in CRONS.items():
        cron = env.ref(f"cloudworkz_support_contract.{xmlid}", raise_if_not_found=False)
        if cron:
            cron.write({"model_id": env["ir.model"]._get_id(model), "code": code})
