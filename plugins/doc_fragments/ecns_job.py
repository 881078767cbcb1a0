# Copyright (c) kaas.cloud contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""The job template of ECNS jobs and cronjobs, less its pod template.

The template is the job Type of the ECNS API reference, 1.10 工作任务 (Job).
"""

from __future__ import annotations


class ModuleDocFragment:
    DOCUMENTATION = r"""
options:
  completions:
    description:
      - How many pods must finish successfully (目标完成次数). V(1) when a new job leaves it out.
      - Like every option of the job template, it cannot be changed once the job exists (ECNS has no update
        call and Kubernetes jobs are immutable); a different value fails the task before any write.
    type: int
  parallelism:
    description:
      - How many pods run at the same time (并行实例数). V(1) when a new job leaves it out.
    type: int
  active_deadline_seconds:
    description:
      - Seconds after which a still-running job fails (超时时间). ECNS requires it; V(86400) (one day) when a new
        job leaves it out.
    type: int
  backoff_limit:
    description:
      - How many times a failed pod is retried before the job fails (失败重试次数). V(6), the Kubernetes
        default, when a new job leaves it out.
    type: int
  restart_policy:
    description:
      - Whether a failed container restarts in its pod (V(OnFailure), the ECNS default) or not (V(Never)).
    type: str
    choices: [Never, OnFailure]
  labels:
    description:
      - Labels of the job and its pods; values are strings. Compared exactly when set.
    type: dict
  runtime_class_name:
    description:
      - Runtime class of the pods. With O(product_type=security) ECNS uses C(rune) when it is left out.
    type: str
"""
