# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Connection options shared by every kaas.cloud module."""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  provider:
    description:
      - The cloud to talk to.
      - Set it once for a whole play with C(module_defaults) and the action group C(group/kaas.cloud.all).
      - If not set, the value of the E(KAAS_PROVIDER) environment variable is used.
    type: str
    required: true
    choices: [nks, itcare, deployme, ecns]
  auth:
    description:
      - Credentials. Which keys a provider needs is listed in its page under C(docs/providers/).
      - Every key falls back to an environment variable E(KAAS_AUTH_<KEY>), for example E(KAAS_AUTH_TOKEN),
        so AWX credentials can inject them.
      - These variables, E(KAAS_API_URL) and E(KAAS_REGION) are used only when E(KAAS_PROVIDER) is unset
        or names this task's O(provider), so that a credential set for one provider is never sent to
        another provider's endpoint.
      - Keys a provider does not use are ignored.
    type: dict
    suboptions:
      token:
        description:
          - A pre-issued token (deployme's bearer token, or any provider's API token).
          - If not set, the value of the E(KAAS_AUTH_TOKEN) environment variable is used.
        type: str
      username:
        description:
          - User name for providers that issue tokens from a password (NKS, ECNS).
          - NKS takes either O(auth.token) or O(auth.username), O(auth.password) and O(auth.project_id).
          - If not set, the value of the E(KAAS_AUTH_USERNAME) environment variable is used.
        type: str
      password:
        description:
          - Password that goes with O(auth.username).
          - If not set, the value of the E(KAAS_AUTH_PASSWORD) environment variable is used.
        type: str
      project_id:
        description:
          - Tenant (NKS) or project (ECNS) the token is scoped to.
          - If not set, the value of the E(KAAS_AUTH_PROJECT_ID) environment variable is used.
        type: str
        aliases: [tenant_id]
      domain_name:
        description:
          - Keystone domain of the user and project (ECNS).
          - If not set, the value of the E(KAAS_AUTH_DOMAIN_NAME) environment variable is used.
        type: str
      client_id:
        description:
          - OAuth2 client id (ITCare).
          - If not set, the value of the E(KAAS_AUTH_CLIENT_ID) environment variable is used.
        type: str
      client_secret:
        description:
          - OAuth2 client secret (ITCare).
          - If not set, the value of the E(KAAS_AUTH_CLIENT_SECRET) environment variable is used.
        type: str
      auth_url:
        description:
          - Identity service URL, when it is not the provider's default
            (NKS V(https://api-identity-infrastructure.nhncloudservice.com/v2.0)).
          - If not set, the value of the E(KAAS_AUTH_AUTH_URL) environment variable is used.
        type: str
  api_url:
    description:
      - Base URL of the provider's API, when it is not the provider's public default
        (for example the emulator, V(http://127.0.0.1:8480/deployme)).
      - If not set, the value of the E(KAAS_API_URL) environment variable is used (see O(auth) for when).
    type: str
  region:
    description:
      - Region of providers that have one endpoint per region. NKS knows V(kr1) (Pangyo, the default)
        and V(kr2) (Pyeongchon); another value fails before any request.
      - Ignored when O(api_url) is set, and by providers without regions (deployme).
      - If not set, the value of the E(KAAS_REGION) environment variable is used (see O(auth) for when).
    type: str
  validate_certs:
    description:
      - Whether to verify the provider's TLS certificate. Leave it on; give O(ca_path) for a private CA.
      - If not set, the value of the E(KAAS_VALIDATE_CERTS) environment variable is used.
    type: bool
    default: true
  ca_path:
    description:
      - A PEM file of CA certificates to trust instead of the system ones.
      - If not set, the value of the E(KAAS_CA_PATH) environment variable is used.
    type: path
  timeout:
    description:
      - Seconds to wait for one HTTP answer (connecting is bounded by the smaller of this and 10).
      - This is not how long to wait for a cluster; see C(wait_timeout) where a module has it.
      - If not set, the value of the E(KAAS_TIMEOUT) environment variable is used.
    type: float
    default: 30
  token_cache:
    description:
      - Share the tokens obtained from a password or client secret (NKS, ECNS, ITCare) with the next tasks of the
        run, and with the inventory (one sign-in per credential instead of one per task).
      - The cache is on the machine the module runs on (the controller with C(connection=local) or
        C(delegate_to=localhost)). It holds each token and its expiry in a file of mode 0600 in a directory of
        mode 0700, never a password or secret; see C(docs/security.md).
      - A cached token is renewed 60 seconds before it expires and after the provider refuses it (401).
      - If not set, the value of the E(KAAS_TOKEN_CACHE) environment variable is used (V(0) or V(false) turns it off).
    type: bool
    default: true
  token_cache_dir:
    description:
      - Directory of the token cache. It is created with mode 0700; a symbolic link, or a directory of another
        user, is not used (each task then signs in).
      - If not set, the value of the E(KAAS_TOKEN_CACHE_DIR) environment variable is used, else
        C($XDG_CACHE_HOME/kaas.cloud/tokens), else C(~/.cache/kaas.cloud/tokens).
    type: path
notes:
  - Reads (GET) are retried with exponential backoff and jitter on 429, 500, 502, 503, 504 and
    connection errors, honouring C(Retry-After). A write is sent again only when the answer says the
    provider did not process it (429 for every write, 503 or a refused connection for PUT and
    DELETE); after a reset, a timeout or a 500, 502 or 504 the resource is read back instead, and
    a create is followed by a look-up by name, so it never makes a second resource.
  - Tokens obtained during the run and every O(auth) secret are masked in results and logs.
  - ECNS keeps the cluster and namespace a task works in in the session of its token, so a cached ECNS token
    serves one cluster and namespace, and tasks in different namespaces sign in once each.
requirements:
  - requests >= 2.25
"""
