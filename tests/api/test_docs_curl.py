"""docs/api.md's curl examples, pasted in order into one terminal, all answer 2xx from a real server.

Every ``sh`` block of the guide runs, in order, in one ``bash`` (``set -euo pipefail``) in a folder whose
``var/admin-token`` is the server's, with ``BASE`` pointed at the server and ``curl`` failing on any 4xx/5xx:
a fixed id that is not in the database, or a missing header, fails here.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.cli.test_serve import serving

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "api.md"
SET_BASE = "BASE=http://127.0.0.1:8000"
STRICT = 'set -euo pipefail\ncurl() { command curl --fail-with-body "$@"; }\n'


def examples() -> str:
    blocks = re.findall(r"^```sh\n(.*?)^```", GUIDE.read_text(encoding="utf-8"), re.MULTILINE | re.DOTALL)
    script = "\n".join(blocks)
    assert script.count(SET_BASE) == 1, f"docs/api.md should set {SET_BASE} once, in its first example"
    return script


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_the_curl_examples_of_docs_api_md_work_when_pasted_in_order(tmp_path: Path) -> None:
    script = examples()
    with serving(tmp_path) as (base, _, _):
        done = subprocess.run(
            ["bash", "-c", STRICT + script.replace(SET_BASE, f"BASE={base}")],
            cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False,
        )
    assert done.returncode == 0, f"docs/api.md's examples stopped:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    plan_ids = re.findall(r'"plan_id":"(pln_\w+)"', done.stdout)
    assert len(plan_ids) >= 2, "the plan is printed when it is made and when it is read back"
    assert set(plan_ids) == {plan_ids[0]}, "every example after the first is about the plan it made"
    assert '"status":"done"' in done.stdout, "the referral's examples take it to the end"
