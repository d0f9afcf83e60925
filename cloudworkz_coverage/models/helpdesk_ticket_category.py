# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

COVERAGE_RULES = [
    ("included", "Included"),
    ("guidance", "Guidance only"),
    ("chargeable", "Chargeable"),
]


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
