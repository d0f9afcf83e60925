# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The agreement's service levels: its own, or its type's, and how its
tickets met them."""

from odoo import _, fields, models


class ContractContract(models.Model):
    _inherit = "contract.contract"

    support_sla_ids = fields.Many2many(
        comodel_name="helpdesk.sla",
        string="Service Levels",
        compute="_compute_support_sla_ids",
        help="The levels its tickets have: its own, else its type's.",
    )
    support_sla_met_percent = fields.Float(
        string="SLA Met (%)",
        compute="_compute_support_sla_met_percent",
        help="Share of the targets of its tickets met, over all months.",
    )

    def _compute_support_sla_ids(self):
        Sla = self.env["helpdesk.sla"]
        for agreement in self:
            agreement.support_sla_ids = Sla._support_levels_of(agreement)

    def _compute_support_sla_met_percent(self):
        # sudo: the share met is shown to whoever reads the agreement
        groups = (
            self.env["cloudworkz.support.sla.report"]
            .sudo()
            ._read_group(
                [("agreement_id", "in", self.ids), ("state", "!=", "on_going")],
                ["agreement_id"],
                ["met_percent:avg"],
            )
        )
        met = {agreement.id: percent for agreement, percent in groups}
        for agreement in self:
            agreement.support_sla_met_percent = met.get(agreement.id, 0.0)

    def action_support_sla_levels(self):
        """The levels of this agreement only, where helpdesk managers keep
        them (the agreement itself is the account managers')."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "helpdesk_mgmt_sla.action_helpdesk_sla_tree"
        )
        action["domain"] = [("support_agreement_id", "=", self.id)]
        action["context"] = {
            "default_support_agreement_id": self.id,
            "default_support_target": "response",
        }
        action["display_name"] = _("Service Levels: %(name)s", name=self.name)
        return action

    def action_support_sla_report(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cloudworkz_support_sla.action_support_sla_report"
        )
        action["domain"] = [("agreement_id", "=", self.id)]
        action["display_name"] = _("Service Levels: %(name)s", name=self.name)
        action["context"] = {"search_default_group_month": 1}
        return action
