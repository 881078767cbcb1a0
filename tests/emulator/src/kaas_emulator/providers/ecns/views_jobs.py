"""Jobs (list, create, detail, delete) and cronjobs (list, create, detail, start/stop,
delete), in the session's cluster and namespace.

ECNS API reference, 1.10 工作任务 (Job) and 1.5 定时任务 (CronJob).
"""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, request

from kaas_emulator.core.clock import iso8601
from kaas_emulator.core.errors import ApiError
from kaas_emulator.core.runtime import now, provider_state, take_async_error, time_scale
from kaas_emulator.core.validation import json_object_body
from kaas_emulator.providers.ecns import (
    catalog,
    checks,
    checks_jobs,
    model_cron,
    model_jobs,
    objects,
)
from kaas_emulator.providers.ecns.errors import bad_request
from kaas_emulator.providers.ecns.web import API, Scope, blueprint, scope

CRON_ACTIONS = ("start", "stop")


def _settled(state: dict[str, Any], product_type: str) -> Scope:
    """The request's scope, once every cronjob started the jobs its schedule called for."""
    where = scope(state, product_type)
    model_cron.settle_all(state, now(), time_scale())
    return where


def _status(state: dict[str, Any], record: dict[str, Any]) -> dict[str, Any]:
    """A cronjob's cronjob_status, with the number of its jobs running now."""
    jobs = state.setdefault(model_jobs.JOBS_KEY, {})
    return model_jobs.cronjob_status(
        record, len(model_cron.active(jobs, record, now(), time_scale()))
    )


def _names(body: dict[str, Any], key: str) -> list[str]:
    """The non-empty list of names of a batch delete, without duplicates."""
    problems: checks.Problems = []
    listed = checks.items(problems, key, body.get(key), str)
    if not problems and not listed:
        problems.append(f"{key}: at least one name is required")
    if problems:
        raise bad_request(problems)
    return list(dict.fromkeys(listed))


# -- jobs -------------------------------------------------------------------------------


@blueprint.get(f"{API}/jobs/", strict_slashes=False)
def list_jobs(product_type: str) -> Response:
    """The namespace's jobs, oldest first."""
    with provider_state() as state:
        records = objects.in_scope(
            state, model_jobs.JOBS_KEY, _settled(state, product_type)
        ).values()
        views = [
            model_jobs.job_view(r, now(), time_scale())
            for r in sorted(records, key=lambda r: r["created_at"])
        ]
    return jsonify({"jobs": views})


@blueprint.post(f"{API}/jobs/", strict_slashes=False)
def create_job(product_type: str) -> Response:
    """Create one job; 409 when the name is taken in the namespace."""
    body = json_object_body()
    problems: checks.Problems = []
    checks_jobs.job(problems, "job", body.get("job"))
    if problems:
        raise bad_request(problems)
    spec = body["job"]
    error = take_async_error()
    with provider_state() as state:
        where = _settled(state, product_type)
        if product_type == "security":
            spec = {"runtime_class_name": catalog.SECURE_RUNTIME_CLASS, **spec}
        record = objects.add(
            state,
            model_jobs.JOBS_KEY,
            where,
            spec["name"],
            "Job",
            model_jobs.new_job(spec, where.cluster, where.namespace, now(), error),
            now(),
        )
        view = model_jobs.job_view(record, now(), time_scale())
    return jsonify({"job": view})


@blueprint.get(f"{API}/jobs/job/<name>/", strict_slashes=False)
def job_detail(product_type: str, name: str) -> Response:
    """One job with its conditions and events."""
    with provider_state() as state:
        record = objects.get(state, model_jobs.JOBS_KEY, _settled(state, product_type), name, "Job")
        return jsonify(
            {
                "job": model_jobs.job_view(record, now(), time_scale()),
                "conditions": model_jobs.job_conditions(record, now(), time_scale()),
                "events": model_jobs.job_events(record, now(), time_scale()),
            }
        )


@blueprint.delete(f"{API}/jobs/", strict_slashes=False)
def delete_jobs(product_type: str) -> Response:
    """Delete the ``jobs`` named in the body (with their pods); all or none."""
    names = _names(json_object_body(), "jobs")
    with provider_state() as state:
        objects.remove_all(state, model_jobs.JOBS_KEY, _settled(state, product_type), names, "Job")
    return jsonify({})


# -- cronjobs ---------------------------------------------------------------------------


@blueprint.get(f"{API}/cronjobs/", strict_slashes=False)
def list_cronjobs(product_type: str) -> Response:
    """The namespace's cronjobs as ``cronjobs_status``, oldest first."""
    with provider_state() as state:
        records = objects.in_scope(
            state, model_jobs.CRONJOBS_KEY, _settled(state, product_type)
        ).values()
        views = [_status(state, r) for r in sorted(records, key=lambda r: r["created_at"])]
    return jsonify({"cronjobs_status": views})


@blueprint.post(f"{API}/cronjobs/", strict_slashes=False)
def create_cronjob(product_type: str) -> Response:
    """Create one cronjob (named by its job); it starts ``Running`` (scheduling)."""
    body = json_object_body()
    problems: checks.Problems = []
    checks_jobs.cronjob(problems, "cronjob", body.get("cronjob"))
    if problems:
        raise bad_request(problems)
    name = body["cronjob"]["job"]["name"]
    with provider_state() as state:
        where = _settled(state, product_type)
        cronjob = body["cronjob"]
        if product_type == "security":
            job = {"runtime_class_name": catalog.SECURE_RUNTIME_CLASS, **cronjob["job"]}
            cronjob = {**cronjob, "job": job}
        record = model_jobs.new_cronjob(cronjob, where.cluster, where.namespace, now())
        _event(record, "SuccessfulCreate", f"created cronjob {name}")
        objects.add(state, model_jobs.CRONJOBS_KEY, where, name, "CronJob", record, now())
        view = _status(state, record)
    return jsonify(view)


def _event(record: dict[str, Any], reason: str, message: str) -> None:
    record["events"].append(
        {"type": "Normal", "reason": reason, "message": message, "update_time": iso8601(now())}
    )
    del record["events"][:-50]


@blueprint.get(f"{API}/cronjobs/cronjob/<name>/", strict_slashes=False)
def cronjob_detail(product_type: str, name: str) -> Response:
    """One cronjob: its job template (``spec``), status, job history and events."""
    with provider_state() as state:
        where = _settled(state, product_type)
        record = objects.get(state, model_jobs.CRONJOBS_KEY, where, name, "CronJob")
        history = model_cron.owned(state[model_jobs.JOBS_KEY], record).values()
        return jsonify(
            {
                "jobs": [
                    model_jobs.job_view(job, now(), time_scale())
                    for job in sorted(history, key=lambda job: job["created_at"])
                ],
                "events": list(reversed(record["events"])),
                "spec": dict(record["job"]),
                "status": _status(state, record),
            }
        )


@blueprint.put(f"{API}/cronjobs/", strict_slashes=False)
def start_stop(product_type: str) -> Response:
    """``?action=start|stop`` on the ``cronjob_list``; a Running one cannot start,
    a Stopped one cannot stop (409), and then none is changed."""
    action = request.args.get("action")
    if action not in CRON_ACTIONS:
        raise bad_request(f"action: {action!r} is not one of {', '.join(CRON_ACTIONS)}")
    body = json_object_body()
    problems: checks.Problems = []
    listed = checks.items(problems, "cronjob_list", body.get("cronjob_list"))
    if not problems and not listed:
        problems.append("cronjob_list: at least one cronjob is required")
    for index, item in enumerate(listed):
        checks.text(problems, f"cronjob_list[{index}].name", item.get("name"), required=True)
    if problems:
        raise bad_request(problems)
    with provider_state() as state:
        where = _settled(state, product_type)
        records = [
            objects.get(state, model_jobs.CRONJOBS_KEY, where, item["name"], "CronJob")
            for item in listed
        ]
        for record in records:
            if record["stopped"] == (action == "stop"):
                current = "Stopped" if record["stopped"] else "Running"
                raise ApiError(409, f'CronJob "{record["name"]}" is {current} and cannot {action}')
        for record in records:
            record["stopped"] = action == "stop"
            if record["stopped"]:
                _event(record, "Suspended", "scheduling stopped: no new job is created")
            else:
                _event(record, "Resumed", "scheduling started")
        views = [_status(state, r) for r in records]
    return jsonify({"cronjobs_status": views})


@blueprint.delete(f"{API}/cronjobs/", strict_slashes=False)
def delete_cronjobs(product_type: str) -> Response:
    """Delete the ``cronjobs`` named in the body and their jobs (a cascade); all or none."""
    names = _names(json_object_body(), "cronjobs")
    with provider_state() as state:
        where = _settled(state, product_type)
        records = [objects.get(state, model_jobs.CRONJOBS_KEY, where, n, "CronJob") for n in names]
        jobs = state[model_jobs.JOBS_KEY]
        for record in records:
            for key in model_cron.owned(jobs, record):
                del jobs[key]
        objects.remove_all(state, model_jobs.CRONJOBS_KEY, where, names, "CronJob")
    return jsonify({})
