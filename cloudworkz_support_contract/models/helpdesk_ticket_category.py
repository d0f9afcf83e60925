# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import models


class HelpdeskTicketCategory(models.Model):
    _inherit = "helpdesk.ticket.category"

    def write(self, vals):
        res = super().write(vals)
        # a catalogue rule decides coverage, which decides what is billed
        self.env["cloudworkz.support.request.month"].sudo()._settle_pending()
        return res
