#!/usr/bin/python
# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Create, change and delete a Kubernetes secret of an ECNS cluster; its values never shown."""

from __future__ import annotations

DOCUMENTATION = r"""
module: secret
short_description: Manage a Kubernetes secret (ECNS)
version_added: 0.1.0
description:
  - Creates, changes and deletes a secret of a namespace of an ECNS cluster through the ECNS container API
    (ECNS API reference, 1.6 密钥). Only provider V(ecns) has secrets.
  - A secret has one of three types, each with its own values; O(type) selects it and the option of that type
    holds the values (O(data), O(tls) or O(docker_registry)). The type of an existing secret cannot change;
    delete the secret to change it.
  - The values given are the whole content of the secret. They are compared with the stored ones, and an
    update replaces the whole content, so keys missing from O(data) (or O(tls.ca), O(docker_registry.email)
    when left out) are removed. With O(type) and no values, an existing secret is left as it is.
  - Secret values never appear in results, diffs or logs. The module reads the stored values to compare them
    with the task's, and shows each one as V(<hidden>) when it is the one asked for, or
    V(<hidden, differs from the task>) when it is not (so a diff tells which keys change, never to what).
author:
  - kaas.cloud developers (@kaas-cloud)
extends_documentation_fragment:
  - kaas.cloud.connection
  - kaas.cloud.ecns_scope
  - kaas.cloud.attributes
options:
  name:
    description:
      - Name of the secret; at most 63 lower-case letters, digits or C(-).
    type: str
    required: true
  type:
    description:
      - Type of the secret. V(Opaque) holds key-value pairs (O(data)), V(Tls) a certificate and its key
        (O(tls)), V(Dockerconfigjson) the credentials of an image registry (O(docker_registry)).
      - Required to create a secret.
    type: str
    choices: [Opaque, Tls, Dockerconfigjson]
  data:
    description:
      - The key-value pairs of an V(Opaque) secret (ECNS C(opaque)); at least one. Keys are 1 to 253
        letters, digits, C(-), C(_) or C(.); numbers are stored as text.
    type: dict
  tls:
    description:
      - The certificate of a V(Tls) secret, in PEM.
    type: dict
    suboptions:
      cert:
        description: The certificate (chain). Required with O(tls).
        type: str
      key:
        description: The private key of the certificate. Required with O(tls).
        type: str
      ca:
        description: The certificate of the authority that signed it.
        type: str
  docker_registry:
    description:
      - The registry credentials of a V(Dockerconfigjson) secret (ECNS C(dockerconfigjson)).
    type: dict
    suboptions:
      server:
        description: Address of the image registry (ECNS C(URI)). Required with O(docker_registry).
        type: str
      username:
        description: User name at the registry. Required with O(docker_registry).
        type: str
      password:
        description: Password of the user. Required with O(docker_registry).
        type: str
      email:
        description: E-mail address of the user (ECNS C(mail)).
        type: str
  state:
    description:
      - V(present) creates the secret or replaces its values; V(absent) deletes it.
    type: str
    choices: [present, absent]
    default: present
notes:
  - Give the values from a vault or a lookup; the module marks them C(no_log) in any case.
seealso:
  - module: kaas.cloud.secret_info
  - module: kaas.cloud.configmap
"""

EXAMPLES = r"""
- name: Database credentials
  kaas.cloud.secret:
    provider: ecns
    cluster: ecns-east
    namespace: default
    name: db-credentials
    type: Opaque
    data:
      DB_USER: app
      DB_PASSWORD: "{{ db_password | default('example-only') }}"

- name: Pull secret for a private registry
  kaas.cloud.secret:
    provider: ecns
    cluster: ecns-east
    name: registry-pull
    type: Dockerconfigjson
    docker_registry:
      server: hub.example.com
      username: robot
      password: "{{ registry_password | default('example-only') }}"

- name: Certificate of the web site
  kaas.cloud.secret:
    provider: ecns
    cluster: ecns-east
    name: site-tls
    type: Tls
    tls:
      cert: "{{ site_certificate | default('-----BEGIN CERTIFICATE----- example') }}"
      key: "{{ site_private_key | default('-----BEGIN PRIVATE KEY----- example') }}"

- name: Remove the database credentials
  kaas.cloud.secret:
    provider: ecns
    cluster: ecns-east
    name: db-credentials
    state: absent
"""

RETURN = r"""
secret:
  description: The secret after the task, values hidden; empty when it is absent.
  returned: always
  type: dict
  contains:
    name:
      description: Name of the secret.
      type: str
      sample: db-credentials
    cluster:
      description: ECNS cluster.
      type: str
      sample: ecns-east
    namespace:
      description: Namespace.
      type: str
      sample: default
    product_type:
      description: ECNS product of the API path.
      type: str
      sample: eks
    type:
      description: Type of the secret.
      type: str
      sample: Opaque
    keys:
      description: The data keys Kubernetes stores (C(tls.crt), C(tls.key), C(ca.crt) for V(Tls),
        C(.dockerconfigjson) for V(Dockerconfigjson)).
      type: list
      elements: str
      sample: [DB_PASSWORD, DB_USER]
    creation_time:
      description: When ECNS created the secret.
      type: str
      sample: "2026-03-01T10:00:00Z"
    data:
      description: Keys of an V(Opaque) secret, each with a marker instead of its value.
      returned: for an Opaque secret
      type: dict
      sample: {DB_PASSWORD: "<hidden>", DB_USER: "<hidden>"}
    tls:
      description: C(cert), C(key) and C(ca) of a V(Tls) secret, as markers (null when not stored).
      returned: for a Tls secret
      type: dict
      sample: {cert: "<hidden>", key: "<hidden>", ca: null}
    docker_registry:
      description: C(server), C(username) and C(email) of a V(Dockerconfigjson) secret; C(password) as a marker.
      returned: for a Dockerconfigjson secret
      type: dict
      sample: {server: hub.example.com, username: robot, email: null, password: "<hidden>"}
"""

from ansible_collections.kaas.cloud.plugins.module_utils.providers.ecns import options as ecns_options
from ansible_collections.kaas.cloud.plugins.module_utils.runner import manage_resource


def main() -> None:
    options = ecns_options.secret_options()
    manage_resource(
        "secret",
        ecns_options.ecns_object_spec(options),
        ecns_options.ecns_object_options(options),
        mutually_exclusive=[("data", "tls", "docker_registry")],
    )


if __name__ == "__main__":
    main()
