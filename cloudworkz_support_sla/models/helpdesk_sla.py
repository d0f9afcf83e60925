# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A service level of helpdesk_mgmt_sla given to an agreement type or to one
agreement, for one priority or all, as a first-response or resolution time."""

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.cloudworkz_support_contract.models.contract_contract import (
    SUPPORT_TYPES,
    TYPE_SERVICES,
)

TICKET_PRIORITIES = [
    ("0", "Low"),
    ("1", "Medium"),
    ("2", "High"),
    ("3", "Very High"),
]


class HelpdeskSla(models.Model):
    _inherit = "helpdesk.sla"

    support_target = fields.Selection(
        selection=[
            ("response", "First Response"),
            ("resolution", "Resolution"),
        ],
        string="Target",
        default="resolution",
        required=True,
        tracking=True,
        help="First Response: met by the first message sent to the customer. "
        "Resolution: met when the ticket reaches the stage to reach.",
    )
    support_type = fields.Selection(
        selection=SUPPORT_TYPES,
        string="Agreement Type",
        tracking=True,
        help="The level applies to tickets of agreements of this type (a "
        "First Line + Maintenance agreement has the levels of both). Left "
        "empty with no agreement, it applies as helpdesk_mgmt_sla's own levels.",
    )
    support_agreement_id = fields.Many2one(
        comodel_name="contract.contract",
        string="Agreement",
        index=True,
        ondelete="cascade",
        tracking=True,
        domain="[('support_type', '!=', False)]",
        help="An agreement with levels of its own has those instead of its " "type's.",
    )
    support_priority = fields.Selection(
        selection=TICKET_PRIORITIES,
        string="Priority",
        tracking=True,
        help="Only tickets of this priority; empty: every priority.",
    )

    @api.constrains("support_type", "support_agreement_id")
    def _check_support_scope(self):
        for sla in self:
            if sla.support_type and sla.support_agreement_id:
                raise ValidationError(
                    _(
                        "The service level %(name)s is for an agreement type or "
                        "for one agreement, not both.",
                        name=sla.name,
                    )
                )

    @api.constrains("days", "hours", "support_target", "stage_id")
    def _check_support_time(self):
        for sla in self:
            if sla.days < 0 or sla.hours < 0:
                raise ValidationError(
                    _("The time of %(name)s cannot be negative.", name=sla.name)
                )
            if not (sla.support_type or sla.support_agreement_id):
                continue
            if not sla.days and not sla.hours:
                raise ValidationError(
                    _("Give %(name)s a time in working hours or days.", name=sla.name)
                )
            if sla.support_target == "resolution" and not sla.stage_id:
                raise ValidationError(
                    _(
                        "Give the resolution level %(name)s the stage that "
                        "resolves the ticket.",
                        name=sla.name,
                    )
                )

    @api.onchange("support_target")
    def _onchange_support_target(self):
        if self.support_target == "resolution" and not self.stage_id:
            self.stage_id = self.env["helpdesk.ticket.stage"].search(
                [("closed", "=", True)], limit=1
            )
        elif self.support_target == "response":
            self.stage_id = False

    @api.model
    def _support_levels_of(self, agreement):
        """The levels an agreement's tickets have: its own when it has any,
        else its type's (a combined type has those of both services)."""
        if not agreement:
            return self.browse()
        own = self.search([("support_agreement_id", "=", agreement.id)])
        if own:
            return own
        types = {agreement.support_type} | TYPE_SERVICES.get(
            agreement.support_type, set()
        )
        return self.search(
            [("support_agreement_id", "=", False), ("support_type", "in", list(types))]
        )

    def _support_applies_to(self, ticket):
        """Whether this level of the ticket's agreement fits the ticket."""
        self.ensure_one()
        return not self.support_priority or self.support_priority == ticket.priority
