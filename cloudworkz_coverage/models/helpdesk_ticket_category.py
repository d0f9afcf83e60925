# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from odoo.addons.cloudworkz_support_contract.models.contract_contract import (
    FIRST_LINE_TYPES,
    MAINTENANCE_TYPES,
)

COVERAGE_RULES = [
    ("included", "Included"),
    ("guidance", "Guidance only"),
    ("chargeable", "Chargeable"),
]
# Higher is better for the customer: First Line + Maintenance takes the best.
RANK = {"chargeable": 0, "guidance": 1, "included": 2}


class HelpdeskTicketCategory(models.Model):
    """A service of the catalogue and how each agreement type covers it."""

    _inherit = "helpdesk.ticket.category"

    coverage_on_demand = fields.Selection(
        selection=COVERAGE_RULES,
        string="On Demand",
        default="chargeable",
        required=True,
        help="Coverage without a fixed agreement (On Demand or none).",
    )
    coverage_first_line = fields.Selection(
        selection=COVERAGE_RULES,
        string="First Line",
        default="chargeable",
        required=True,
        help="Coverage under First Line Support, for its registered users.",
    )
    coverage_maintenance = fields.Selection(
        selection=COVERAGE_RULES,
        string="Maintenance",
        default="chargeable",
        required=True,
        help="Coverage under a Maintenance agreement.",
    )
    coverage_key_user_only = fields.Boolean(
        string="IT Key Users Only",
        help="Maintenance covers this service only when the request comes "
        "from an IT key user named on the agreement.",
    )
    is_excluded_service = fields.Boolean(
        string="Excluded Service",
        help="Always chargeable, whatever the agreement.",
    )
    exclusion_reason = fields.Char(
        translate=True,
        help="Why the service is excluded, as told to the customer, e.g. "
        "'always charged separately'.",
    )
    time_based = fields.Boolean(
        default=True,
        help="Billed by the hour. Pay-per-transaction services are billed per "
        "transaction instead.",
    )
    coverage_description = fields.Text(
        translate=True, help="What the service is, shown to agents."
    )

    def _coverage_rule_for_type(self, support_type):
        """The catalogue's coverage of this service under ``support_type``
        (First Line + Maintenance: the better of the two), whoever asks: the
        ticket evaluation adds who is registered."""
        self.ensure_one()
        if self.is_excluded_service:
            return "chargeable"
        rules = []
        if support_type in FIRST_LINE_TYPES:
            rules.append(self.coverage_first_line)
        if support_type in MAINTENANCE_TYPES:
            rules.append(self.coverage_maintenance)
        if not rules:
            return self.coverage_on_demand
        return max(rules, key=RANK.get)

    @api.model
    def _coverage_catalogue(self, support_type, company=None):
        """The services a customer can ask for on the portal, by what an
        agreement of ``support_type`` does with them (the agreement's page,
        the quotation): {"included", "guidance", "excluded", "chargeable":
        categories}. Excluded services are always charged; chargeable ones
        are not part of this agreement type."""
        company = company or self.env.company
        categories = self.search(
            [
                ("show_in_portal", "=", True),
                ("child_id", "=", False),
                ("company_id", "in", [False, company.id]),
            ]
        )
        catalogue = {key: self.browse() for key in RANK}
        catalogue["excluded"] = self.browse()
        for category in categories:
            rule = category._coverage_rule_for_type(support_type)
            key = "excluded" if category.is_excluded_service else rule
            catalogue[key] |= category
        return catalogue

    def write(self, vals):
        res = super().write(vals)
        # a catalogue rule decides coverage, which decides what is billed:
        # the request months it changed settle now
        # sudo: a catalogue change settles every customer's ledger
        self.env["cloudworkz.support.request.month"].sudo()._settle_pending()
        return res
