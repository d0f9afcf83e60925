# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import email_normalize

from ..tools import check_bookkeeping

# who may decide a request: those who may change agreements
DECIDER_GROUPS = ("account.group_account_manager", "sales_team.group_sale_salesman")
# the decision: written by Approve and Refuse only
DECISION_FIELDS = ("state", "decided_by_id", "date_decided")


class SupportUserRequest(models.Model):
    """A customer's IT key user asks, from the portal, to add a registered
    user to the agreement or to remove one. The account manager approves
    (the agreement's contacts change from today) or refuses."""

    _name = "cloudworkz.support.user.request"
    _description = "Registered User Request"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "create_date desc, id desc"

    agreement_id = fields.Many2one(
        comodel_name="contract.contract",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="agreement_id.company_id", store=True)
    customer_id = fields.Many2one(
        related="agreement_id.commercial_partner_id", string="Customer", store=True
    )
    requester_id = fields.Many2one(
        comodel_name="res.partner",
        string="Requested by",
        required=True,
        readonly=True,
        help="The customer's IT key user who asked.",
    )
    request_type = fields.Selection(
        selection=[
            ("add", "Add a registered user"),
            ("remove", "Remove a registered user"),
        ],
        string="Request",
        required=True,
        readonly=True,
    )
    user_name = fields.Char(string="Name", readonly=True)
    user_email = fields.Char(string="Email", readonly=True)
    contact_id = fields.Many2one(
        comodel_name="cloudworkz.support.contact",
        string="Registered User",
        readonly=True,
        help="The registered user to remove, or the one added on approval.",
    )
    state = fields.Selection(
        selection=[
            ("requested", "Requested"),
            ("approved", "Approved"),
            ("refused", "Refused"),
        ],
        default="requested",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    decided_by_id = fields.Many2one(
        comodel_name="res.users", string="Decided by", readonly=True
    )
    date_decided = fields.Date(string="Decided on", readonly=True)
    refusal_reason = fields.Text(tracking=True)

    @api.depends("request_type", "user_name", "contact_id")
    def _compute_display_name(self):
        for req in self:
            who = req.user_name or req.contact_id.partner_id.name or ""
            if req.request_type == "remove":
                req.display_name = _("Remove %(name)s", name=who)
            else:
                req.display_name = _("Add %(name)s", name=who)

    @api.constrains("request_type", "user_name", "user_email", "contact_id", "state")
    def _check_request(self):
        today = fields.Date.context_today(self)
        for req in self.filtered(lambda r: r.state == "requested"):
            agreement = req.agreement_id
            if not agreement.support_has_first_line:
                raise ValidationError(
                    _(
                        "%(agreement)s has no First Line Support: it has no "
                        "registered users to add or remove.",
                        agreement=agreement.display_name,
                    )
                )
            current = agreement.registered_user_ids._active_on(today)
            if req.request_type == "add":
                if not (req.user_name or "").strip():
                    raise ValidationError(_("Give the name of the user to add."))
                email = email_normalize(req.user_email or "")
                if not email:
                    raise ValidationError(
                        _(
                            "%(email)s is not a valid email address.",
                            email=req.user_email or "''",
                        )
                    )
                if any(email_normalize(c.email or "") == email for c in current):
                    raise ValidationError(
                        _(
                            "%(email)s is already a registered user of "
                            "%(agreement)s.",
                            email=email,
                            agreement=agreement.display_name,
                        )
                    )
                twins = req._open_twins().filtered(
                    lambda r, e=email: email_normalize(r.user_email or "") == e
                )
            else:
                if req.contact_id not in current:
                    raise ValidationError(
                        _(
                            "Only a current registered user of %(agreement)s "
                            "can be removed.",
                            agreement=agreement.display_name,
                        )
                    )
                twins = req._open_twins().filtered(
                    lambda r, c=req.contact_id: r.contact_id == c
                )
            if twins:
                raise ValidationError(
                    _(
                        "This was already requested (%(request)s) and waits "
                        "for the account manager.",
                        request=twins[0].display_name,
                    )
                )

    def _open_twins(self):
        self.ensure_one()
        return self.search(
            [
                ("id", "!=", self.id),
                ("agreement_id", "=", self.agreement_id.id),
                ("request_type", "=", self.request_type),
                ("state", "=", "requested"),
            ]
        )

    @api.model_create_multi
    def create(self, vals_list):
        check_bookkeeping(self, vals_list, DECISION_FIELDS)
        requests = super().create(vals_list)
        for req in requests:
            req._notify_account_manager()
        return requests

    def write(self, vals):
        # the registered user a request is about is chosen when it is made
        check_bookkeeping(self, [vals], DECISION_FIELDS + ("contact_id",))
        return super().write(vals)

    def _account_manager(self):
        """Who decides: the agreement's responsible, else the customer's
        salesperson. Never the customer who asked."""
        self.ensure_one()
        users = self.agreement_id.user_id | self.customer_id.user_id
        return users.filtered(lambda u: not u.share)[:1]

    def _notify_account_manager(self):
        self.ensure_one()
        manager = self._account_manager()
        if not manager:
            return
        self.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=manager.id,
            summary=_("Registered user request to decide"),
            note=_(
                "%(requester)s asks on %(agreement)s: %(request)s.",
                requester=self.requester_id.display_name,
                agreement=self.agreement_id.display_name,
                request=self.display_name,
            ),
        )

    # ------------------------------------------------------------------
    # Decisions
    # ------------------------------------------------------------------
    def _check_decider(self):
        if not any(self.env.user.has_group(group) for group in DECIDER_GROUPS):
            raise AccessError(
                _(
                    "Only account managers and salespeople can approve or "
                    "refuse registered user requests."
                )
            )
        decided = self.filtered(lambda r: r.state != "requested")
        if decided:
            raise UserError(
                _(
                    "%(request)s was already %(state)s.",
                    request=decided[0].display_name,
                    state=dict(self._fields["state"]._description_selection(self.env))[
                        decided[0].state
                    ].lower(),
                )
            )

    def action_approve(self):
        self._check_decider()
        today = fields.Date.context_today(self)
        for req in self:
            # sudo: approving is the decider's right, checked above; the
            # contact change it means goes through the contact model and its
            # rules with the system's rights, since a salesperson may approve
            # without editing agreement contacts by hand
            req_sudo = req.sudo()
            if req.request_type == "add":
                contact = req_sudo._approve_add(today)
            else:
                contact = req_sudo._approve_remove(today)
            req_sudo.write(
                {
                    "state": "approved",
                    "contact_id": contact.id,
                    "decided_by_id": self.env.uid,
                    "date_decided": today,
                }
            )
            req._close_activities()
            req.message_post(
                body=_(
                    "Approved by %(user)s: %(request)s on %(date)s.",
                    user=self.env.user.name,
                    request=req.display_name,
                    date=today,
                ),
                partner_ids=req.requester_id.ids,
                subtype_xmlid="mail.mt_comment",
            )
        return True

    def _approve_add(self, today):
        self.ensure_one()
        agreement = self.agreement_id
        customer = self.customer_id
        email = email_normalize(self.user_email)
        # the contact with this address (Odoo's normalized email: an address
        # holding "_" or "%" matches itself only)
        partner = self.env["res.partner"].search(
            [
                ("commercial_partner_id", "=", customer.id),
                ("email_normalized", "=", email),
            ],
            limit=1,
        )
        if not partner:
            partner = self.env["res.partner"].create(
                {
                    "name": self.user_name.strip(),
                    "email": email,
                    "parent_id": customer.id,
                    "type": "contact",
                }
            )
        if partner in agreement.registered_user_ids._active_on(today).partner_id:
            raise UserError(
                _(
                    "%(contact)s is already a registered user of %(agreement)s.",
                    contact=partner.display_name,
                    agreement=agreement.display_name,
                )
            )
        return self.env["cloudworkz.support.contact"].create(
            {
                "agreement_id": agreement.id,
                "partner_id": partner.id,
                "role": "registered_user",
                "date_registered": today,
            }
        )

    def _approve_remove(self, today):
        self.ensure_one()
        contact = self.contact_id
        if not contact._active_on(today):
            raise UserError(
                _(
                    "%(contact)s is no longer a registered user.",
                    contact=contact.partner_id.display_name,
                )
            )
        # the last day the user counts: this month still bills them
        contact.date_removed = max(today, contact.date_registered)
        return contact

    def action_refuse(self):
        self._check_decider()
        today = fields.Date.context_today(self)
        for req in self:
            # sudo: as in action_approve, the decision is recorded with the
            # system's rights once the right to decide was checked above
            req.sudo().write(
                {
                    "state": "refused",
                    "decided_by_id": self.env.uid,
                    "date_decided": today,
                }
            )
            req._close_activities()
            req.message_post(
                body=_(
                    "Refused by %(user)s: %(request)s. %(reason)s",
                    user=self.env.user.name,
                    request=req.display_name,
                    reason=req.refusal_reason or "",
                ),
                partner_ids=req.requester_id.ids,
                subtype_xmlid="mail.mt_comment",
            )
        return True

    def _close_activities(self):
        # sudo: the activity may be assigned to another account manager
        self.sudo().activity_ids.action_feedback()
