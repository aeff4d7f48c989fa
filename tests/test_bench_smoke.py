"""The performance benchmark runs end to end on a tiny network and reports every figure.

No timing is asserted here: the figures are for `bench/run.py` and the
README's Performance section. This only keeps the benchmark working.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIGURES = {
    "startup",
    "filter",
    "queue",
    "today",
    "save_blocked",
    "save_durable",
    "save_confirmed",
    "save_first",
    "import",
    "memory",
    "list_vs_khard",
    "vdir_first",
    "vdir_noop",
    "vdir_edit",
}


def test_the_benchmark_runs_on_a_tiny_network(tmp_path: Path) -> None:
    out = tmp_path / "latest.json"
    command = [
        sys.executable, str(ROOT / "bench" / "run.py"),
        "--sizes", "30", "--repeat", "1", "--import-rows", "40",
        "--out", str(out), "--workdir", str(tmp_path / "work"),
    ]  # fmt: skip
    proc = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    results = json.loads(out.read_text(encoding="utf-8"))
    size = results["sizes"]["30"]
    assert (size["contacts"], size["touches"], size["import_rows"]) == (30, 300, 40)
    assert set(size["figures"]) == FIGURES
    for name, figure in size["figures"].items():
        assert {"label", "value", "unit", "target", "floor", "ratio", "passed", "note"} <= set(figure), name
        if name != "list_vs_khard":  # khard is an optional extra: skipped when not installed
            assert isinstance(figure["value"], int | float) and figure["value"] > 0, (name, figure)
    for name in ("startup", "save_durable", "memory", "vdir_noop", "vdir_edit"):
        assert size["figures"][name]["floor"] > 0, name
    assert "| startup to first full frame |" in proc.stdout  # the table, ready for the README


def test_the_synthetic_network_is_deterministic_and_loads(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        import synth
    finally:
        sys.path.remove(str(ROOT / "bench"))
    from keepintouch.domain.clock import Clock
    from keepintouch.interchange.linkedin import read_linkedin
    from keepintouch.store.database import Store

    first = synth.write_network(tmp_path / "a", 25, import_rows=20)
    second = synth.write_network(tmp_path / "b", 25, import_rows=20)
    assert first.db.read_bytes() == second.db.read_bytes()
    assert first.linkedin.read_bytes() == second.linkedin.read_bytes()
    network = Store(first.db, Clock(synth.TODAY)).network()
    assert (len(network.contacts), len(network.touches)) == (25, 250)
    assert len(list(read_linkedin(first.linkedin.read_text(encoding="utf-8"), first.linkedin))) == 20
    assert len(list(first.vcards.glob("*.vcf"))) == 25
