# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class SupportContact(models.Model):
    """A contact of the customer named on a support agreement.

    Registered users may call First Line Support; IT key users get the
    technical support of a Maintenance agreement. The First Line fee is
    billed per registered user, counted from these records.
    """

    _name = "cloudworkz.support.contact"
    _description = "Support Agreement Contact"
    _order = "agreement_id, role, partner_id"

    agreement_id = fields.Many2one(
        comodel_name="contract.contract",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="agreement_id.company_id", store=True)
    partner_id = fields.Many2one(
        comodel_name="res.partner",
        string="Contact",
        required=True,
        index=True,
        ondelete="restrict",
    )
    email = fields.Char(related="partner_id.email")
    role = fields.Selection(
        selection=[
            ("registered_user", "Registered User"),
            ("it_key_user", "IT Key User"),
        ],
        required=True,
        default="registered_user",
    )
    date_registered = fields.Date(
        string="Registered on", default=fields.Date.context_today
    )

    _sql_constraints = [
        (
            "partner_role_uniq",
            "unique(agreement_id, partner_id, role)",
            "A contact can be listed only once per role on an agreement.",
        )
    ]

    @api.constrains("partner_id", "agreement_id")
    def _check_partner_is_customer_contact(self):
        for contact in self:
            customer = contact.agreement_id.partner_id.commercial_partner_id
            if contact.partner_id.commercial_partner_id != customer:
                raise ValidationError(
                    _(
                        "%(contact)s is not a contact of %(customer)s: only the "
                        "customer's own contacts can be registered on its agreement.",
                        contact=contact.partner_id.display_name,
                        customer=customer.display_name,
                    )
                )
