# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

from .prepaid_pack import month_start

TRACKED_FIELDS = {"unit_amount", "date", "ticket_id", "coverage_state"}


class AccountAnalyticLine(models.Model):
    _inherit = "account.analytic.line"

    def _pack_sync(self, keys):
        # sudo: the ledger follows the time an agent logs; agents may only
        # read packs, so the consumption is written on their behalf.
        self.env["cloudworkz.prepaid.pack"].sudo()._sync_consumption(keys)

    def _pack_keys(self):
        return {
            (line.ticket_id, month_start(line.date))
            for line in self
            if line.ticket_id and line.date
        }

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._pack_sync(lines._pack_keys())
        return lines

    def write(self, vals):
        if not TRACKED_FIELDS & set(vals):
            return super().write(vals)
        keys = self._pack_keys()
        res = super().write(vals)
        keys |= self._pack_keys()
        self._pack_sync(keys)
        return res

    def unlink(self):
        keys = self._pack_keys()
        res = super().unlink()
        self._pack_sync(keys)
        return res
