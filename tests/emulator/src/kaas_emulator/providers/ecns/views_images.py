"""Image workspaces (1.7, Harbor projects) and images (1.9) on the ``image`` product.

``public`` travels as the strings ``"true"``/``"false"`` (API reference type ``str``); a JSON
boolean is refused so that a client cannot rely on a lenient back end.
"""

from __future__ import annotations

from typing import Any

from flask import Response, jsonify, request

from kaas_emulator.core.errors import ApiError
from kaas_emulator.core.runtime import now, provider_state, time_scale
from kaas_emulator.core.validation import json_object_body, query_int
from kaas_emulator.providers.ecns import catalog, checks, model_images
from kaas_emulator.providers.ecns.errors import bad_request
from kaas_emulator.providers.ecns.views_cluster import EXISTENCE
from kaas_emulator.providers.ecns.web import API, blueprint, check_product

IMAGES = f"{API}/images"
BOOLEAN_WORDS = ("true", "false")
MAX_UPLOAD_BYTES = 64 * 1024 * 1024


def _registry(state: dict[str, Any], product_type: str) -> dict[str, Any]:
    check_product_image(product_type)
    return model_images.harbor(state, now(), time_scale())


def check_product_image(product_type: str) -> None:
    """Registry paths exist only under the ``image`` product type."""
    if product_type not in model_images.IMAGE_PRODUCTS:
        check_product(product_type)
        raise ApiError(404, f"product type {product_type!r} has no image API (use image)")


def _public(problems: checks.Problems, where: str, value: Any) -> None:
    if value not in BOOLEAN_WORDS:
        problems.append(f'{where}: must be the string "true" or "false", got {value!r}')


def _project(registry: dict[str, Any], name: str) -> dict[str, Any]:
    project = registry["projects"].get(name)
    if project is None:
        raise ApiError(404, f'workspace (harbor project) "{name}" not found')
    return project


def _image(registry: dict[str, Any], project: str, name: str) -> dict[str, Any]:
    _project(registry, project)
    image = registry["images"].get(model_images.image_key(project, name))
    if image is None:
        raise ApiError(404, f'image "{name}" not found in workspace "{project}"')
    return image


# -- 1.7 workspaces ------------------------------------------------------------------------


@blueprint.post(f"{IMAGES}/harbor_project", strict_slashes=False)
def create_workspace(product_type: str) -> Response:
    """Create a workspace; names follow Harbor's project rule and are unique."""
    body = json_object_body()
    problems: checks.Problems = []
    name = body.get("harbor_project_name")
    if not isinstance(name, str) or not name:
        problems.append("harbor_project_name: is required")
    elif len(name) > 255 or not model_images.PROJECT_NAME.match(name):
        problems.append(
            f"harbor_project_name: {name!r} must be lower-case letters and digits, "
            "separated by single '.', '_' or '-', at most 255"
        )
    _public(problems, "public", body.get("public"))
    for key in sorted(set(body) - {"harbor_project_name", "public"}):
        problems.append(f"{key}: unknown field")
    if problems:
        raise bad_request(problems)
    with provider_state() as state:
        registry = _registry(state, product_type)
        if name in registry["projects"]:
            raise ApiError(409, f'workspace (harbor project) "{name}" already exists')
        project = {
            "name": name,
            "public": body["public"] == "true",
            "created_at": now(),
            "seq": model_images.next_seq(registry),
        }
        registry["projects"][name] = project
        return jsonify({"harbor_project": model_images.render_project(registry, project)})


@blueprint.get(f"{IMAGES}/harbor_projects/", strict_slashes=False)
def list_workspaces(product_type: str) -> Response:
    """Workspaces, paged; ``all`` (admins) changes nothing in a one-project cloud."""
    page = query_int("page", 1)
    size = query_int("page_size", catalog.DEFAULT_PAGE_SIZE, maximum=catalog.MAX_PAGE_SIZE)
    every = request.args.get("all")
    if every is not None and every not in BOOLEAN_WORDS:
        raise bad_request(f'all: must be "true" or "false", got {every!r}')
    with provider_state() as state:
        registry = _registry(state, product_type)
        found = sorted(registry["projects"].values(), key=lambda p: p["seq"])
        views = [
            model_images.render_project(registry, p) for p in found[(page - 1) * size : page * size]
        ]
    return jsonify({"harbor_projects": views, "count": len(found), "page": page, "page_size": size})


@blueprint.get(f"{IMAGES}/harbor_project/<name>", strict_slashes=False)
def workspace_detail(product_type: str, name: str) -> Response:
    """One workspace with its images."""
    with provider_state() as state:
        registry = _registry(state, product_type)
        project = _project(registry, name)
        return jsonify(
            {
                "harbor_project": model_images.render_project(registry, project),
                "images": [
                    model_images.render_image(registry, i)
                    for i in model_images.images_of(registry, name)
                ],
            }
        )


@blueprint.put(f"{IMAGES}/harbor_project/<name>", strict_slashes=False)
def set_workspace_access(product_type: str, name: str) -> Response:
    """Make a workspace public or private."""
    body = json_object_body()
    problems: checks.Problems = []
    _public(problems, "public", body.get("public"))
    for key in sorted(set(body) - {"public"}):
        problems.append(f"{key}: cannot be changed (only public can)")
    if problems:
        raise bad_request(problems)
    with provider_state() as state:
        registry = _registry(state, product_type)
        project = _project(registry, name)
        project["public"] = body["public"] == "true"
        return jsonify({"harbor_project": model_images.render_project(registry, project)})


@blueprint.delete(f"{IMAGES}/harbor_project/", strict_slashes=False)
def delete_workspaces(product_type: str) -> Response:
    """Delete workspaces, all or none; Harbor refuses one that still holds images (409)."""
    body = json_object_body()
    problems: checks.Problems = []
    names = checks.items(problems, "harbor_projects", body.get("harbor_projects"), str)
    if not names and not problems:
        problems.append("harbor_projects: at least one workspace name is required")
    if problems:
        raise bad_request(problems)
    with provider_state() as state:
        registry = _registry(state, product_type)
        for name in names:
            _project(registry, name)
            held = len(model_images.images_of(registry, name))
            if held:
                raise ApiError(
                    409, f'workspace "{name}" still holds {held} image(s): delete them first'
                )
        for name in names:
            del registry["projects"][name]
    return jsonify({})


# -- 1.9 storage and garbage collection ----------------------------------------------------


@blueprint.get(f"{IMAGES}/systeminfo/volumes", strict_slashes=False)
def storage(product_type: str) -> Response:
    """Total and free bytes of the registry's storage."""
    with provider_state() as state:
        registry = _registry(state, product_type)
        used = model_images.used_bytes(registry)
    total = model_images.STORAGE_TOTAL
    return jsonify({"storage": {"free": max(0, total - used), "total": total}})


@blueprint.post(f"{IMAGES}/system/gc/schedule", strict_slashes=False)
def schedule_gc(product_type: str) -> Response:
    """``type: Manual`` starts a GC, ``None`` stops the one running."""
    body = json_object_body()
    problems: checks.Problems = []
    checks.enum(problems, "type", body.get("type"), ("Manual", "None"))
    if problems:
        raise bad_request(problems)
    with provider_state() as state:
        registry = _registry(state, product_type)
        if body["type"] == "Manual":
            model_images.start_gc(registry, now())
        else:
            model_images.stop_gc(registry)
        return jsonify({"job_status": model_images.gc_status(registry)})


@blueprint.get(f"{IMAGES}/system/gc/schedule", strict_slashes=False)
def gc_status(product_type: str) -> Response:
    """``pending`` while a GC runs, then ``finished``."""
    with provider_state() as state:
        return jsonify({"job_status": model_images.gc_status(_registry(state, product_type))})


# -- 1.9 images ----------------------------------------------------------------------------


@blueprint.get(f"{IMAGES}/repositories/", strict_slashes=False)
def list_images(product_type: str) -> Response:
    """Public or private images, paged; without ``public`` only an administrator may list."""
    page = query_int("page", 1)
    size = query_int("page_size", catalog.DEFAULT_PAGE_SIZE, maximum=catalog.MAX_PAGE_SIZE)
    public = request.args.get("public")
    if public is None:
        # The demo user holds the member role; the API reference reserves the unfiltered list.
        raise ApiError(403, 'public: is required unless you are an administrator ("true"/"false")')
    if public not in BOOLEAN_WORDS:
        raise bad_request(f'public: must be "true" or "false", got {public!r}')
    with provider_state() as state:
        registry = _registry(state, product_type)
        found = sorted(
            (
                i
                for i in registry["images"].values()
                if registry["projects"][i["project"]]["public"] == (public == "true")
            ),
            key=lambda i: i["seq"],
        )
        views = [
            model_images.render_image(registry, i) for i in found[(page - 1) * size : page * size]
        ]
    return jsonify({"images": views, "count": len(found), "page": page, "page_size": size})


@blueprint.get(f"{IMAGES}/repositories/<project>/<name>/tags/", strict_slashes=False)
def list_tags(product_type: str, project: str, name: str) -> Response:
    """Tags of an image, oldest first."""
    with provider_state() as state:
        image = _image(_registry(state, product_type), project, name)
        tags = sorted(image["tags"], key=lambda t: image["tags"][t]["seq"])
        return jsonify({"tags": [model_images.render_tag(image, t) for t in tags]})


@blueprint.get(f"{IMAGES}/repositories/<project>/<name>", strict_slashes=False)
def image_detail(product_type: str, project: str, name: str) -> Response:
    """The image_info Type: base, bytes used, pull count."""
    with provider_state() as state:
        registry = _registry(state, product_type)
        return jsonify(model_images.image_info(registry, _image(registry, project, name)))


@blueprint.put(f"{IMAGES}/repositories/<project>/<name>", strict_slashes=False)
def edit_image(product_type: str, project: str, name: str) -> Response:
    """Set the image's (Markdown) description."""
    body = json_object_body()
    problems: checks.Problems = []
    if not isinstance(body.get("description"), str):
        problems.append(f"description: is required (a string), got {body.get('description')!r}")
    for key in sorted(set(body) - {"description"}):
        problems.append(f"{key}: cannot be changed (only description can)")
    if problems:
        raise bad_request(problems)
    with provider_state() as state:
        registry = _registry(state, product_type)
        image = _image(registry, project, name)
        image["description"] = body["description"]
        return jsonify(model_images.image_info(registry, image))


@blueprint.delete(f"{IMAGES}/repositories/", strict_slashes=False)
def delete_images(product_type: str) -> Response:
    """Delete images with every tag, all or none; their bytes become garbage."""
    body = json_object_body()
    problems: checks.Problems = []
    listed = checks.items(problems, "images", body.get("images"))
    if not listed and not problems:
        problems.append("images: at least one image is required")
    for index, item in enumerate(listed):
        for key in ("harbor_project_name", "image_name"):
            checks.text(problems, f"images[{index}].{key}", item.get(key), required=True)
    if problems:
        raise bad_request(problems)
    with provider_state() as state:
        registry = _registry(state, product_type)
        found = [_image(registry, i["harbor_project_name"], i["image_name"]) for i in listed]
        for image in found:
            registry["garbage"] += sum(t["size"] for t in image["tags"].values())
            registry["images"].pop(model_images.image_key(image["project"], image["name"]), None)
    return jsonify({})


@blueprint.delete(f"{IMAGES}/repositories/<project>/<name>/tags/", strict_slashes=False)
def delete_tags(product_type: str, project: str, name: str) -> Response:
    """Delete tags, all or none; the image stays (with 0 tags when the last one goes)."""
    body = json_object_body()
    problems: checks.Problems = []
    tags = checks.items(problems, "tags", body.get("tags"), str)
    if not tags and not problems:
        problems.append("tags: at least one tag is required")
    if problems:
        raise bad_request(problems)
    with provider_state() as state:
        registry = _registry(state, product_type)
        image = _image(registry, project, name)
        for tag in tags:
            if tag not in image["tags"]:
                raise ApiError(404, f'tag "{tag}" of image "{project}/{name}" not found')
        for tag in dict.fromkeys(tags):
            registry["garbage"] += image["tags"].pop(tag)["size"]
    return jsonify({})


@blueprint.get(f"{IMAGES}/loginfo/", strict_slashes=False)
def login_info(product_type: str) -> Response:
    """Registry credentials for ``docker login`` (the password is a secret)."""
    with provider_state() as state:
        return jsonify(model_images.login(_registry(state, product_type)))


@blueprint.post(f"{IMAGES}/upload_image/", strict_slashes=False)
def upload_image(product_type: str) -> Response:
    """Multipart upload of a ``docker save`` archive into a workspace.

    Without ``image_name``/``tag_name`` the archive's ``manifest.json`` names them.
    Uploading an existing tag replaces it (its old bytes become garbage).
    """
    problems: checks.Problems = []
    upload = request.files.get("image")
    data = upload.read() if upload is not None else b""
    if upload is None or not data:
        problems.append("image: a non-empty file is required (multipart/form-data)")
    elif len(data) > MAX_UPLOAD_BYTES:
        problems.append(f"image: larger than {MAX_UPLOAD_BYTES} bytes")
    project_name = request.form.get("harbor_project_name") or ""
    if not project_name:
        problems.append("harbor_project_name: is required")
    image_name = request.form.get("image_name") or None
    tag_name = request.form.get("tag_name") or None
    named = model_images.repo_tag_of_archive(data) if data else None
    if (image_name is None or tag_name is None) and named is None and data:
        problems.append(
            "image_name/tag_name: required when the archive's manifest.json has no RepoTags"
        )
    image_name = image_name or (named[0] if named else "")
    tag_name = tag_name or (named[1] if named else "")
    if image_name and not model_images.IMAGE_NAME.match(image_name):
        problems.append(f"image_name: {image_name!r} is not a valid repository name")
    if tag_name and not model_images.TAG_NAME.match(tag_name):
        problems.append(f"tag_name: {tag_name!r} is not a valid tag")
    if problems:
        raise bad_request(problems)
    with provider_state() as state:
        registry = _registry(state, product_type)
        _project(registry, project_name)
        key = model_images.image_key(project_name, image_name)
        image = registry["images"].setdefault(
            key,
            {
                "project": project_name,
                "name": image_name,
                "description": "",
                "created_at": now(),
                "pull_count": 0,
                "tags": {},
                "seq": model_images.next_seq(registry),
            },
        )
        if tag_name in image["tags"]:
            registry["garbage"] += image["tags"][tag_name]["size"]
        image["tags"][tag_name] = {
            "size": len(data),
            "created_at": now(),
            "seq": model_images.next_seq(registry),
        }
        return jsonify(
            {
                "image_base": model_images.render_image(registry, image),
                "tag": model_images.render_tag(image, tag_name),
            }
        )


def _workspace_exists(state: dict[str, Any], cluster: str, namespace: str, name: str) -> bool:
    """The uniqueness check's ``HarborProject``: a workspace of the project (no namespace)."""
    del cluster, namespace
    return name in state.get(model_images.HARBOR_KEY, {}).get("projects", {})


EXISTENCE["HarborProject"] = _workspace_exists
