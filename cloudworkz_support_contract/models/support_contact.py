# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools import month_end, month_start


class SupportContact(models.Model):
    """A contact of the customer named on a support agreement, from the day
    they were registered until the day they were removed.

    Registered users may call First Line Support; IT key users get the
    technical support of a Maintenance agreement. The First Line fee of a
    month counts the registered users registered on any day of it.
    """

    _name = "cloudworkz.support.contact"
    _description = "Support Agreement Contact"
    _order = "agreement_id, role, date_registered, partner_id"

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
        string="Registered on", default=fields.Date.context_today, required=True
    )
    date_removed = fields.Date(
        string="Removed on",
        help="Last day this contact counts. Removing a contact by this date "
        "keeps the months they were billed for.",
    )

    _sql_constraints = [
        (
            "partner_role_uniq",
            "unique(agreement_id, partner_id, role, date_registered)",
            "A contact is registered once per role and day on an agreement.",
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

    @api.constrains("partner_id", "role", "date_registered", "date_removed")
    def _check_dates(self):
        for contact in self:
            if contact.date_removed and contact.date_removed < contact.date_registered:
                raise ValidationError(
                    _(
                        "%(contact)s is removed (%(removed)s) before being "
                        "registered (%(registered)s).",
                        contact=contact.partner_id.display_name,
                        removed=contact.date_removed,
                        registered=contact.date_registered,
                    )
                )
            twins = contact.agreement_id.support_contact_ids.filtered(
                lambda other, c=contact: other != c
                and other.partner_id == c.partner_id
                and other.role == c.role
                and other._overlaps(c.date_registered, c.date_removed)
            )
            if twins:
                raise ValidationError(
                    _(
                        "%(contact)s is already listed as %(role)s on %(agreement)s "
                        "for some of these days.",
                        contact=contact.partner_id.display_name,
                        role=dict(self._fields["role"].selection)[contact.role],
                        agreement=contact.agreement_id.display_name,
                    )
                )

    def _overlaps(self, first, last):
        """Whether this contact is registered on some day of [first, last]
        (``last`` None: open)."""
        self.ensure_one()
        return (last is None or last is False or self.date_registered <= last) and (
            not self.date_removed or self.date_removed >= first
        )

    def _active_on(self, day):
        return self.filtered(lambda contact: contact._overlaps(day, day))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_billed(self):
        for contact in self:
            billed_until = contact.agreement_id.last_date_invoiced
            if billed_until and contact.date_registered <= billed_until:
                raise UserError(
                    _(
                        "%(contact)s counted on months already invoiced: set the "
                        "day they leave (Removed on) instead of deleting them.",
                        contact=contact.partner_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        contacts = super().create(vals_list)
        contacts._settle_ledger()
        return contacts

    def write(self, vals):
        billed_before = {contact: contact._billed_registration() for contact in self}
        res = super().write(vals)
        for contact in self:
            now = contact._billed_registration()
            if not self.env.su and now != billed_before[contact]:
                raise UserError(
                    _(
                        "%(contact)s counted on months already invoiced as they "
                        "were registered then: change only what comes after "
                        "%(day)s (or credit those invoices first).",
                        contact=contact.partner_id.display_name,
                        day=month_end(max((billed_before[contact] or now)[-1])),
                    )
                )
        self._settle_ledger()
        return res

    def _billed_registration(self):
        """What the months already invoiced counted of this contact: who,
        in which role, on which agreement, in which of those months. None
        when no invoiced month counts it."""
        self.ensure_one()
        months = frozenset(
            month
            for month in self.agreement_id.support_period_ids.mapped("date_start")
            if self._overlaps(month_start(month), month_end(month))
        )
        if not months:
            return None
        return (self.agreement_id, self.partner_id, self.role, months)

    def unlink(self):
        ledger = self.env["cloudworkz.support.request.month"]
        res = super().unlink()
        ledger.sudo()._settle_pending()
        return res

    def _settle_ledger(self):
        # who is registered decides coverage, which decides what is billed
        self.env["cloudworkz.support.request.month"].sudo()._settle_pending()
