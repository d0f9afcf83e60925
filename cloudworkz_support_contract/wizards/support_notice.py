# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models


class SupportNotice(models.TransientModel):
    """The customer's notice: it ends the agreement at the end of its
    commitment when given by the notice deadline; later, it is refused with
    the day the agreement can end instead."""

    _name = "cloudworkz.support.notice"
    _description = "Support Agreement Notice"

    agreement_id = fields.Many2one(
        comodel_name="contract.contract", required=True, ondelete="cascade"
    )
    commitment_end = fields.Date(related="agreement_id.support_commitment_end")
    notice_deadline = fields.Date(related="agreement_id.support_notice_date")
    received_on = fields.Date(
        string="Notice Received on", required=True, default=fields.Date.context_today
    )
    earliest_end = fields.Date(
        string="Can End on",
        compute="_compute_earliest_end",
        help="The earliest day the agreement can end on this notice.",
    )
    date_end = fields.Date(
        string="Ends on",
        help="Empty: the earliest day it can end.",
    )

    @api.depends("agreement_id", "received_on")
    def _compute_earliest_end(self):
        for notice in self:
            notice.earliest_end = (
                notice.received_on
                and notice.agreement_id._support_earliest_end(notice.received_on)
            )

    def action_confirm(self):
        self.ensure_one()
        self.agreement_id._support_register_notice(self.received_on, self.date_end)
        return {"type": "ir.actions.act_window_close"}
