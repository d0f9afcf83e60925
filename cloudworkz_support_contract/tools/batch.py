# Copyright 2026 Cloudworkz
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Long scheduled work in a prefork Odoo: batches that commit on their own
and a time budget well inside Odoo's limits (limit_time_real 120 s and
limit_time_cpu 60 s per request and per cron job).

A run works through its records batch by batch and commits after each, so
a worker killed in the middle loses at most the batch in flight; the unique
keys (one billing period per agreement and month, one patch task per
agreement and month) make the next run carry on exactly where it stopped.
When the budget is spent, the run triggers its scheduled action again
(``ir.cron._trigger()``) and returns; the next run picks up what is left.
"""

import logging
import threading
import time

from odoo.tools import split_every

_logger = logging.getLogger(__name__)

# Records per committed batch, and seconds of work per run: a run stops
# taking new batches after BUDGET seconds. Odoo's cron worker counts
# against limit_time_real (120 s) the sleep before a round of jobs (up to
# about 70 s) and every job ready in that round, one after the other: the
# month's invoicing and patch windows, due together, must fit with their
# last batch in the 50 s left (at 10,000 agreements, 30 s each did not).
BATCH_SIZE = 50
BUDGET = 10.0


def may_commit(env):
    """Batches commit in a real run; not while modules are loaded (demo
    data runs the actions), not inside a test transaction, and not when the
    caller asks (context ``support_no_commit``)."""
    return (
        env.registry.ready
        and not env.registry.in_test_mode()
        # Odoo's test runner (and pytest-odoo) flag the thread running tests
        and not getattr(threading.current_thread(), "testing", False)
        and not env.context.get("support_no_commit")
    )


class CallMemo(dict):
    """A dict for one call's context (a price memo, notes collected): equal
    only to itself, so that Odoo, which reuses an environment whose context
    is equal, never hands a call the environment of an earlier call's."""

    __eq__ = object.__eq__
    __ne__ = object.__ne__
    __hash__ = object.__hash__


def run_in_batches(records, work, cron_xmlid, batch_size=BATCH_SIZE, budget=BUDGET):
    """Call ``work(batch)`` on ``records`` batch by batch, committing after
    each one. Returns (records done, whether all were done). When the
    budget runs out first, the scheduled action ``cron_xmlid`` is
    triggered to go on."""
    env = records.env
    commit = may_commit(env)
    # the context may set both (tests, a slow database)
    batch_size = env.context.get("support_batch_size", batch_size)
    budget = env.context.get("support_batch_budget", budget)
    started = time.monotonic()
    done = 0
    deadline = started + budget
    for ids in split_every(batch_size, records.ids):
        # the deadline lets a slow batch (catch-ups one by one) stop early
        work(records.browse(ids).with_context(support_deadline=deadline))
        done += len(ids)
        if commit:
            env.cr.commit()
            env.invalidate_all()  # memory stays flat over a long run
        if done < len(records) and time.monotonic() - started > budget:
            cron = env.ref(cron_xmlid, raise_if_not_found=False)
            if cron:
                cron.sudo()._trigger()
                if commit:
                    env.cr.commit()
            _logger.info(
                "%s: %s of %s done, the rest in the next run",
                cron_xmlid,
                done,
                len(records),
            )
            return done, False
    return done, True
