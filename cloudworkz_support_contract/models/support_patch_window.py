# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging
import time

import pytz
from dateutil.relativedelta import relativedelta
from markupsafe import Markup, escape
from psycopg2 import IntegrityError, errors

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from odoo.addons.base.models.res_partner import _tz_get

from ..tools import (
    MAX_DAYS,
    MAX_WINDOW_HOURS,
    check_bookkeeping,
    month_end,
    run_in_batches,
    window_utc,
)

_logger = logging.getLogger(__name__)

# How far back a run looks for windows it missed
PLAN_BACK_MONTHS = 12
# Who may plan windows by hand (Plan Now): the account manager and the
# project manager, whose engineers work the tasks
PLANNER_GROUPS = ("account.group_account_manager", "project.group_project_manager")

WEEKS = [
    ("1", "First"),
    ("2", "Second"),
    ("3", "Third"),
    ("4", "Fourth"),
    ("last", "Last"),
]
WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]


def _default_tz(model):
    """The company's time zone, then Stockholm: never the installing user's."""
    return model.env.company.partner_id.tz or "Europe/Stockholm"


class SupportPatchWindow(models.Model):
    """The monthly patch window of a Maintenance agreement, e.g. "second
    Tuesday, 22:00, 2 hours, Europe/Stockholm", and the tasks that carry it
    out."""

    _name = "cloudworkz.support.patch.window"
    _description = "Maintenance Patch Window"
    _order = "agreement_id"

    agreement_id = fields.Many2one(
        comodel_name="contract.contract",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(related="agreement_id.company_id", store=True)
    partner_id = fields.Many2one(
        related="agreement_id.partner_id", string="Customer", store=True
    )
    week = fields.Selection(WEEKS, default="2", required=True)
    weekday = fields.Selection(WEEKDAYS, string="Day", default="1", required=True)
    hour = fields.Float(string="Starts at", default=22.0)
    duration = fields.Float(string="Duration (h)", default=2.0)
    tz = fields.Selection(
        _tz_get, string="Time Zone", default=_default_tz, required=True
    )
    notice_days = fields.Integer(
        string="Notice (days)",
        default=5,
        help="How many days before the window the customer is told.",
    )
    user_id = fields.Many2one(comodel_name="res.users", string="Responsible")
    project_id = fields.Many2one(
        comodel_name="project.project",
        default=lambda self: self.env.ref(
            "cloudworkz_support_contract.project_patch_windows",
            raise_if_not_found=False,
        ),
    )
    odoo_version = fields.Char(
        string="Odoo Version in Production",
        help="E.g. 17.0. Upgrade-readiness tasks record the target version.",
    )
    last_month = fields.Date(
        string="Planned Until",
        readonly=True,
        copy=False,
        help="First day of the last month whose window was planned or logged "
        "as missed.",
    )
    next_window = fields.Datetime(compute="_compute_dates")
    last_patched = fields.Datetime(compute="_compute_dates")

    _sql_constraints = [
        (
            "agreement_uniq",
            "unique(agreement_id)",
            "An agreement has one patch window.",
        )
    ]

    @api.depends("agreement_id.patch_task_ids.patch_window_start")
    def _compute_dates(self):
        now = fields.Datetime.now()
        for window in self:
            patches = window.agreement_id.patch_task_ids.filtered(
                lambda t: t.support_task_kind == "patch" and t.patch_window_start
            )
            done = patches.filtered(lambda t: t.state == "1_done")
            coming = patches.filtered(
                lambda t: t.state not in ("1_done", "1_canceled")
                and t.patch_window_start >= now
            )
            window.last_patched = max(done.mapped("patch_window_start"), default=False)
            window.next_window = min(coming.mapped("patch_window_start"), default=False)

    @api.constrains("hour", "duration", "notice_days")
    def _check_window(self):
        for window in self:
            if not 0 <= window.hour < 24:
                raise ValidationError(
                    _("The patch window starts between 00:00 and 24:00.")
                )
            if not 0 < window.duration <= MAX_WINDOW_HOURS:
                raise ValidationError(
                    _(
                        "A patch window lasts more than zero and at most %(max)s "
                        "hours.",
                        max="%g" % MAX_WINDOW_HOURS,
                    )
                )
            if not 0 <= window.notice_days <= MAX_DAYS:
                raise ValidationError(
                    _(
                        "The customer is told 0 to %(max)s days before the window.",
                        max=MAX_DAYS,
                    )
                )

    def _compute_display_name(self):
        weeks, days = dict(WEEKS), dict(WEEKDAYS)
        for window in self:
            hours, minutes = divmod(round(window.hour * 60), 60)
            start = "%02d:%02d" % (hours, minutes)
            duration = "%g" % window.duration
            window.display_name = _(
                "%(week)s %(day)s, %(start)s, %(duration)s h, %(tz)s",
                week=weeks.get(window.week, ""),
                day=days.get(window.weekday, ""),
                start=start,
                duration=duration,
                tz=window.tz,
            )

    @api.model_create_multi
    def create(self, vals_list):
        check_bookkeeping(self, vals_list, ("last_month",))
        return super().create(vals_list)

    def write(self, vals):
        # Planned Until is the planning's own: moved by hand it would skip
        # months, or plan them twice
        check_bookkeeping(self, [vals], ("last_month",))
        return super().write(vals)

    def _window(self, month):
        """(start, end) of the window in ``month``, naive UTC."""
        self.ensure_one()
        return window_utc(
            month.year,
            month.month,
            self.week,
            int(self.weekday),
            self.hour,
            self.duration,
            self.tz,
        )

    def _local(self, moment):
        """A UTC moment as the customer reads it, in the window's zone."""
        self.ensure_one()
        local = pytz.utc.localize(moment).astimezone(pytz.timezone(self.tz))
        return local.strftime("%Y-%m-%d %H:%M")

    @api.model
    def _cron_plan(self, now=None):
        """Scheduled action: plan the patch windows in committed batches.
        Returns the number of tasks created (XML-RPC safe)."""
        return len(self._plan_run(now))

    @api.model
    def _plan_run(self, now=None):
        """Plan this month's and next month's patch window of every running
        Maintenance agreement, once. Missed months are planned too, unless
        their window is over: that is logged on the agreement. Returns the
        tasks created."""
        now = fields.Datetime.to_datetime(now) or fields.Datetime.now()
        last_month = self._last_month_to_plan(now)
        task_ids = []

        def plan(windows):
            deadline = windows.env.context.get("support_deadline")
            for done, window in enumerate(windows):
                if done and deadline and time.monotonic() > deadline:
                    break  # the next run plans the rest
                try:
                    with self.env.cr.savepoint():
                        task_ids.extend(window._plan_until(last_month, now).ids)
                except (IntegrityError, errors.SerializationFailure):
                    # a second worker planned it at the same time (one task
                    # per agreement and month is a unique key)
                    _logger.info("Patch windows of %s planned elsewhere", window.id)

        run_in_batches(
            self.search(self._running_domain(now.date())),
            plan,
            "cloudworkz_support_contract.ir_cron_patch_windows",
        )
        return self.env["project.task"].browse(task_ids)

    @api.model
    def _last_month_to_plan(self, now):
        """A run plans up to the window of the month after ``now``."""
        return now.date().replace(day=1) + relativedelta(months=1)

    def action_plan_now(self):
        """Plan these windows now, as the nightly run would, for a manager
        who does not want to wait. The moment is the server's, never the
        caller's: a window cannot be planned, or logged as missed, early."""
        user = self.env.user
        if not any(user.has_group(group) for group in PLANNER_GROUPS):
            raise AccessError(
                _("Only account and project managers can plan patch windows.")
            )
        now = fields.Datetime.now()
        last_month = self._last_month_to_plan(now)
        tasks = self.env["project.task"]
        # sudo: planning writes the window's bookkeeping (Planned Until), the
        # agreement's log and tasks in the patch project, as the cron does;
        # the caller's right to ask for it is checked above.
        for window in self.sudo():
            tasks |= window._plan_until(last_month, now)
        if not tasks:
            return {
                "type": "ir.actions.client",
                "tag": "display_notification",
                "params": {
                    "type": "info",
                    "message": _("The coming patch windows are already planned."),
                },
            }
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cloudworkz_support_contract.action_patch_windows"
        )
        action["domain"] = [("id", "in", tasks.ids)]
        action["context"] = {}
        return action

    @api.model
    def _running_domain(self, day):
        """Windows of agreements with Maintenance that may run in the month
        of ``day`` or later."""
        return [
            ("agreement_id.support_service_ids.service", "=", "maintenance"),
            ("agreement_id.contract_type", "=", "sale"),
            "|",
            ("agreement_id.date_end", "=", False),
            ("agreement_id.date_end", ">=", day.replace(day=1)),
        ]

    def _runs_in(self, month):
        """Whether Maintenance runs on some day of ``month``: until the end
        date of an agreement terminated with notice, too."""
        self.ensure_one()
        return bool(
            self.agreement_id.active
            and self.agreement_id._support_service_days("maintenance", month)
        )

    def _plan_until(self, last_month, now):
        self.ensure_one()
        Task = self.env["project.task"]
        agreement = self.agreement_id
        start = agreement.date_start.replace(day=1)
        if self.last_month:
            start = max(start, self.last_month + relativedelta(months=1))
        # windows over for more than a year are not looked at one by one
        # (a start typed decades ago must not plan, or log, centuries)
        start = max(start, last_month - relativedelta(months=PLAN_BACK_MONTHS))
        tasks = Task
        month = start
        while month <= last_month:
            if self._runs_in(month):
                window_start, window_end = self._window(month)
                if window_end <= now:
                    agreement.message_post(
                        body=_(
                            "The patch window of %(month)s (%(start)s, %(tz)s) was "
                            "over before it could be planned.",
                            month=month.strftime("%Y-%m"),
                            start=self._local(window_start),
                            tz=self.tz,
                        )
                    )
                elif not Task.search_count(
                    [
                        ("support_agreement_id", "=", agreement.id),
                        ("support_patch_month", "=", month),
                    ]
                ):
                    tasks |= Task.create(
                        self._task_vals(month, window_start, window_end)
                    )
            elif agreement.date_end and month > month_end(agreement.date_end):
                break
            self.last_month = month
            month += relativedelta(months=1)
        return tasks

    def _task_vals(self, month, window_start, window_end):
        self.ensure_one()
        agreement = self.agreement_id
        label = month.strftime("%Y-%m")
        tag = self.env["project.tags"].search([("name", "=", label)], limit=1)
        if not tag:
            tag = self.env["project.tags"].create({"name": label})
        checklist = Markup("").join(
            Markup("<li>%s</li>") % escape(item) for item in self._checklist()
        )
        return {
            "name": _(
                "Patch window %(month)s: %(customer)s",
                month=label,
                customer=agreement.partner_id.commercial_partner_id.name,
            ),
            "project_id": self._project().id,
            "partner_id": agreement.partner_id.id,
            "user_ids": [fields.Command.set(self.user_id.ids)],
            "tag_ids": [fields.Command.set(tag.ids)],
            "support_agreement_id": agreement.id,
            "support_task_kind": "patch",
            "support_patch_month": month,
            "patch_window_start": window_start,
            "patch_window_end": window_end,
            "date_deadline": window_end,
            "description": Markup('<ul class="o_checklist">%s</ul>') % checklist,
            "company_id": agreement.company_id.id,
        }

    def _checklist(self):
        return [
            _("Backup taken"),
            _("Patches applied and tested on staging"),
            _("Deployed to production"),
            _("Customer told"),
        ]

    def _project(self):
        return self.project_id or self.env.ref(
            "cloudworkz_support_contract.project_patch_windows"
        )
