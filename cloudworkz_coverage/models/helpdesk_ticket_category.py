# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

COVERAGE_RULES = [
    ("included", "Included"),
    ("guidance", "Guidance only"),
    ("chargeable", "Chargeable"),
]

# the rule fields of each agreement type; a combined type covers the union
TYPE_RULE_FIELDS = {
    "on_demand": ("coverage_on_demand",),
    "first_line": ("coverage_first_line",),
    "maintenance": ("coverage_maintenance",),
    "first_line_maintenance": ("coverage_first_line", "coverage_maintenance"),
}
RULE_RANK = {"chargeable": 0, "guidance": 1, "included": 2}


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

    def _coverage_rule_for(self, support_type):
        """The catalogue's rule for this service under ``support_type`` (no
        type: On Demand), before any per-contact condition."""
        self.ensure_one()
        if self.is_excluded_service:
            return "chargeable"
        return max(
            (self[name] for name in TYPE_RULE_FIELDS[support_type or "on_demand"]),
            key=RULE_RANK.get,
        )

    @api.model
    def _coverage_catalogue(self, support_type):
        """The catalogue's services as a customer of ``support_type`` reads
        it: {"included", "guidance", "chargeable", "excluded"} -> services
        (the excluded ones are always charged separately)."""
        services = self.search([("child_id", "=", False)])
        catalogue = {
            "included": self.browse(),
            "guidance": self.browse(),
            "chargeable": self.browse(),
            "excluded": services.filtered("is_excluded_service"),
        }
        for service in services - catalogue["excluded"]:
            catalogue[service._coverage_rule_for(support_type)] |= service
        return catalogue
