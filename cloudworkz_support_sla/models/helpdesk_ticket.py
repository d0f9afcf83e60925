# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The service levels of a ticket's agreement on the ticket: which apply,
the first response, the next deadline in both time zones, met / at risk /
breached, and the helpdesk manager told before a deadline passes."""

from datetime import timedelta

from odoo import _, api, fields, models
from odoo.osv import expression
from odoo.tools import format_datetime

from odoo.addons.cloudworkz_support_contract.tools import (
    check_bookkeeping,
    run_in_batches,
)

# the first response is recorded by the message that gives it, never by hand
RESPONSE_FIELDS = (
    "support_first_response_date",
    "support_first_response_hours",
    "support_sla_flagged_deadline",
)
SLA_STATUSES = [
    ("on_track", "On Track"),
    ("at_risk", "At Risk"),
    ("breached", "Breached"),
    ("met", "Met"),
]


class HelpdeskTicket(models.Model):
    _inherit = "helpdesk.ticket"

    support_first_response_date = fields.Datetime(
        string="First Response",
        readonly=True,
        copy=False,
        help="When the first message was sent to the customer.",
    )
    support_first_response_hours = fields.Float(
        string="First Response (Working Hours)",
        readonly=True,
        copy=False,
        help="Working hours from the ticket's creation to its first response.",
    )
    support_sla_flagged_deadline = fields.Datetime(
        string="SLA Deadline Flagged",
        readonly=True,
        copy=False,
        help="The deadline the helpdesk manager was last told of.",
    )
    support_sla_deadline = fields.Datetime(
        string="Next SLA Deadline",
        compute="_compute_support_sla_deadline",
        store=True,
        help="The nearest deadline of a service level still running.",
    )
    support_sla_status = fields.Selection(
        selection=SLA_STATUSES,
        string="SLA",
        compute="_compute_support_sla_status",
        search="_search_support_sla_status",
    )
    support_sla_deadline_customer = fields.Char(
        string="Deadline (Customer's Time)", compute="_compute_support_sla_texts"
    )
    support_sla_deadline_agent = fields.Char(
        string="Deadline (Agent's Time)", compute="_compute_support_sla_texts"
    )

    @api.depends("ticket_sla_ids.state", "ticket_sla_ids.deadline")
    def _compute_support_sla_deadline(self):
        for ticket in self:
            ticket.support_sla_deadline = min(
                (
                    sla.deadline
                    for sla in ticket.ticket_sla_ids
                    if sla.state == "in_progress" and sla.deadline
                ),
                default=False,
            )

    def _support_sla_risk_limit(self, now):
        # searched in the user's company's setting (a ticket's own status
        # reads its company's)
        return now + timedelta(hours=self.env.company.support_sla_risk_hours)

    @api.depends("sla_expired", "ticket_sla_ids.state", "ticket_sla_ids.deadline")
    def _compute_support_sla_status(self):
        now = fields.Datetime.now()
        for ticket in self:
            risk = now + timedelta(hours=ticket.company_id.support_sla_risk_hours)
            slas = ticket.ticket_sla_ids
            if not slas:
                ticket.support_sla_status = False
            elif ticket.sla_expired:  # helpdesk_mgmt_sla's breach
                ticket.support_sla_status = "breached"
            elif all(sla.state == "accomplished" for sla in slas):
                ticket.support_sla_status = "met"
            elif any(
                sla.state == "in_progress" and sla.deadline <= risk for sla in slas
            ):
                ticket.support_sla_status = "at_risk"
            else:
                ticket.support_sla_status = "on_track"

    def _search_support_sla_status(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            return expression.FALSE_DOMAIN
        values = [value] if isinstance(value, str | bool) else list(value)
        now = fields.Datetime.now()
        running = [("state", "=", "in_progress"), ("deadline", ">=", now)]
        domains = {
            False: [("ticket_sla_ids", "=", False)],
            "breached": [("sla_expired", "=", True)],
            "met": [
                ("ticket_sla_ids", "!=", False),
                ("ticket_sla_ids", "not any", [("state", "!=", "accomplished")]),
            ],
            "at_risk": [
                # (helpdesk_mgmt_sla's search for "not expired" finds a
                # ticket with any target not expired)
                ("ticket_sla_ids", "not any", [("expired", "=", True)]),
                (
                    "ticket_sla_ids",
                    "any",
                    running + [("deadline", "<=", self._support_sla_risk_limit(now))],
                ),
            ],
        }
        domains["on_track"] = expression.AND(
            [
                [("ticket_sla_ids", "!=", False)],
                *(
                    ["!", *expression.normalize_domain(domains[key])]
                    for key in ("breached", "met", "at_risk")
                ),
            ]
        )
        domain = expression.OR([domains[v] for v in values if v in domains])
        if operator in ("!=", "not in"):
            domain = ["!"] + expression.normalize_domain(domain)
        return domain

    @api.depends("support_sla_deadline", "partner_id.tz", "user_id.tz")
    def _compute_support_sla_texts(self):
        for ticket in self:
            deadline = ticket.support_sla_deadline
            customer_tz = ticket._support_customer_tz()
            agent_tz = ticket.user_id.tz or self.env.user.tz or customer_tz
            ticket.support_sla_deadline_customer = deadline and ticket._support_format(
                deadline, customer_tz
            )
            ticket.support_sla_deadline_agent = deadline and ticket._support_format(
                deadline, agent_tz
            )

    def _support_customer_tz(self):
        self.ensure_one()
        return (
            self.partner_id.tz
            or self.commercial_partner_id.tz
            or self._support_sla_calendar().tz
            or "UTC"
        )

    def _support_format(self, value, tz):
        return "%s (%s)" % (
            format_datetime(self.env, value, tz=tz, dt_format="EEE d MMM y, HH:mm"),
            tz,
        )

    def _support_sla_calendar(self):
        """The working hours the ticket's levels count in: its team's, as
        helpdesk_mgmt_sla counts them."""
        self.ensure_one()
        return self.team_id.resource_calendar_id or self.company_id.resource_calendar_id

    # ------------------------------------------------------------------
    # Which levels apply
    # ------------------------------------------------------------------
    def _get_sla_ticket_domain(self):
        """A ticket of an agreement has the agreement's levels (its own, or
        its type's), of the ticket's priority; a ticket of no agreement has
        helpdesk_mgmt_sla's general levels. Levels of the ticket's company
        or of every company."""
        domain = super()._get_sla_ticket_domain()
        agreement = self.support_agreement_id
        if agreement:
            levels = self.env["helpdesk.sla"]._support_levels_of(agreement)
            scope = [("id", "in", levels.ids)]
        else:
            scope = [("support_type", "=", False), ("support_agreement_id", "=", False)]
        return expression.AND(
            [
                domain,
                scope,
                [("company_id", "in", [False, self.company_id.id])],
                [
                    "|",
                    ("support_priority", "=", False),
                    ("support_priority", "=", self.priority),
                ],
            ]
        )

    def _support_sync_sla(self):
        """The levels that apply to the ticket as it is stored: those that no
        longer apply are dropped while they run (a target met or breached is
        history and stays), the new ones start, counted from the ticket's
        creation. A team without SLA has none running."""
        # sudo: a ticket's levels follow from the ticket the user created or
        # changed; they are the levels' bookkeeping (see helpdesk_ticket_sla)
        for ticket in self.sudo():
            if ticket.closed:
                # closing decided its targets for good
                continue
            slas = ticket._support_applicable_slas()
            ticket.ticket_sla_ids.filtered(
                lambda t, slas=slas: t.sla_id not in slas
                and t.state in ("in_progress", "on_hold")
            ).unlink()
            missing = slas - ticket.ticket_sla_ids.sla_id
            if missing:
                self.env["helpdesk.ticket.sla"].sudo().create(
                    [{"ticket_id": ticket.id, "sla_id": sla.id} for sla in missing]
                )

    def _support_applicable_slas(self):
        self.ensure_one()
        if not self.team_id.use_sla:
            return self.env["helpdesk.sla"]
        return self._get_sla()

    def _compute_sla_fits(self):
        # targets met or breached stay as history: the levels fit when those
        # running are the ones that apply
        for ticket in self:
            running = ticket.ticket_sla_ids.filtered(
                lambda t: t.state in ("in_progress", "on_hold")
            ).sla_id
            applicable = ticket._support_applicable_slas()
            ticket.sla_fits = ticket.closed or not (
                applicable - ticket.sla_ids or running - applicable
            )

    def _support_sla_inputs(self):
        """What decides a ticket's levels, as stored: compared before and
        after a write."""
        return {
            ticket.id: (
                ticket.priority,
                ticket.commercial_partner_id.id,
                ticket.support_agreement_id.id,
                ticket.support_agreement_id.support_type,
                ticket.category_id.id,
                tuple(ticket.tag_ids.ids),
                ticket.team_id.id,
                ticket.team_id.use_sla,
                ticket.company_id.id,
                ticket.closed,
            )
            for ticket in self.sudo()
        }

    def set_sla(self):
        # helpdesk_mgmt_sla's creation step: the levels of the ticket
        self._support_sync_sla()

    def refresh_sla(self):
        """helpdesk_mgmt_sla's *Set SLA*: the levels that apply now, keeping
        the targets already met or breached."""
        self.check_access_rights("write")
        self.check_access_rule("write")
        self._support_sync_sla()

    @api.model_create_multi
    def create(self, vals_list):
        check_bookkeeping(self, vals_list, RESPONSE_FIELDS)
        tickets = super().create(vals_list)
        # a ticket that arrives without a team (the portal, a mail) and that
        # no team's agent took goes to its company's support team, whose
        # working hours its levels count in
        for ticket in tickets.filtered(lambda t: not t.team_id):
            # sudo: a portal customer opening a ticket reads the setting
            team = ticket.company_id.sudo().support_sla_team_id
            if team:
                ticket.sudo().team_id = team
        return tickets

    def write(self, vals):
        check_bookkeeping(self, [vals], RESPONSE_FIELDS)
        before = self._support_sla_inputs()
        res = super().write(vals)
        # the levels follow from the ticket as it is stored, whichever
        # fields the write carried (a stored agreement may have moved)
        after = self._support_sla_inputs()
        self.browse(
            [
                ticket_id
                for ticket_id, inputs in after.items()
                if before.get(ticket_id) != inputs
            ]
        )._support_sync_sla()
        return res

    # ------------------------------------------------------------------
    # The first response
    # ------------------------------------------------------------------
    def _message_post_after_hook(self, message, msg_vals):
        res = super()._message_post_after_hook(message, msg_vals)
        if self._support_is_response(message):
            self._support_record_response(message.date)
        return res

    def _support_is_response(self, message):
        """A message to the customer: a comment or mail (not a note) written
        by an internal user."""
        if message.message_type not in ("comment", "email"):
            return False
        if message.subtype_id != self.env.ref("mail.mt_comment"):
            return False
        if message.author_id == self.partner_id:
            return False
        return any(not user.share for user in message.author_id.user_ids)

    def _support_record_response(self, when):
        # sudo: whoever may post to the ticket answers the customer; the
        # agent's own-tickets group may not write another team's levels
        for ticket in self.sudo().filtered(lambda t: not t.support_first_response_date):
            calendar = ticket._support_sla_calendar()
            # the targets first, judged by the clock before the answer
            ticket.ticket_sla_ids._support_record_response(when)
            ticket.write(
                {
                    "support_first_response_date": when,
                    "support_first_response_hours": calendar
                    and calendar.get_work_hours_count(
                        ticket.create_date, when, compute_leaves=True
                    ),
                }
            )

    # ------------------------------------------------------------------
    # Told before a deadline passes
    # ------------------------------------------------------------------
    @api.model
    def _cron_support_sla_at_risk(self):
        """Scheduled action: an activity for the helpdesk manager on each
        ticket whose deadline is near, once, in committed batches. Returns
        the number of tickets flagged (XML-RPC safe)."""
        activity_type = self.env.ref("cloudworkz_support_sla.mail_activity_sla_at_risk")
        flagged = 0
        # each company's tickets in its own at-risk window
        running = self._read_group(
            [("closed", "=", False), ("ticket_sla_ids.state", "=", "in_progress")],
            ["company_id"],
        )
        for (company,) in running:
            Ticket = self.with_company(company)
            at_risk = Ticket._support_at_risk_domain() + [
                ("company_id", "=", company.id)
            ]
            # activities of a deadline no longer at risk (met, breached,
            # closed) are done with
            self.env["mail.activity"].search(
                [
                    ("activity_type_id", "=", activity_type.id),
                    ("res_model", "=", self._name),
                    (
                        "res_id",
                        "in",
                        Ticket._search([("company_id", "=", company.id)]),
                    ),
                    ("res_id", "not in", Ticket._search(at_risk)),
                ]
            ).unlink()
            # each deadline once: flagged, it is not flagged again (even
            # when the manager marked the activity done)
            tickets = Ticket.search(at_risk).filtered(
                lambda t: t.support_sla_flagged_deadline != t.support_sla_deadline
            )
            run_in_batches(
                tickets,
                lambda batch, activity_type=activity_type: batch._support_flag_at_risk(
                    activity_type
                ),
                "cloudworkz_support_sla.ir_cron_support_sla_at_risk",
            )
            flagged += len(tickets)
        return flagged

    @api.model
    def _support_at_risk_domain(self):
        return [("support_sla_status", "=", "at_risk"), ("closed", "=", False)]

    def _support_flag_at_risk(self, activity_type):
        for ticket in self:
            manager = ticket._support_sla_manager()
            if not manager:
                continue
            # sudo: the flag is the cron's bookkeeping
            ticket.sudo().support_sla_flagged_deadline = ticket.support_sla_deadline
            ticket.activity_unlink(["cloudworkz_support_sla.mail_activity_sla_at_risk"])
            ticket.activity_schedule(
                activity_type_id=activity_type.id,
                user_id=manager.id,
                date_deadline=fields.Date.context_today(ticket),
                summary=_(
                    "SLA deadline %(deadline)s",
                    deadline=ticket._support_format(
                        ticket.support_sla_deadline,
                        manager.tz or ticket._support_customer_tz(),
                    ),
                ),
            )

    def _support_sla_manager(self):
        """The team leader, else the company's first helpdesk manager."""
        self.ensure_one()
        if self.team_id.user_id:
            return self.team_id.user_id
        group = self.env.ref("helpdesk_mgmt.group_helpdesk_manager")
        return self.env["res.users"].search(
            [
                ("groups_id", "in", group.ids),
                ("share", "=", False),
                ("company_ids", "in", self.company_id.ids),
                ("id", "!=", self.env.ref("base.user_root").id),
            ],
            order="id",
            limit=1,
        )
