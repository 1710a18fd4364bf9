"""Write a synthetic national partner network for the benchmark: 77 provinces, ~60,000 organizations,
~300,000 MOUs, as JSON files under 1 MiB each (the shape of graph/ files; JSON because YAML parsing of
300,000 records cannot meet the 10 s load target). ``--provinces N`` writes the first N provinces only.

    .venv/bin/python benchmarks/graph_synth.py [--out benchmarks/out/national] [--seed 7] [--provinces 77]

Every MOU is in force from 2025 and expires between 2027-06 and 2032 (so that requests on later days see
fewer of them); everything is reachable from a CM unit, so that `check_network` finds no warning.

Places are real (the gazetteer, ``safetynet.places``), written as coordinators write them: a province's 12
district slots take its districts in turn (a province with fewer districts repeats them), each slot's 8
subdistrict slots the district's subdistricts in turn; districts by English name, subdistricts by Thai name (by
DOPA code where a Thai name recurs in the district; a district by Thai name where its English one recurs in the
province), so that loading resolves every one of them.
"""

from __future__ import annotations

import argparse
import json
import random
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from safetynet.places import District, Subdistrict, districts, provinces, subdistricts
from safetynet.rules import load_services

#: The service codes of the shipped catalogue (rules/services.yaml): what the synthetic partners offer.
SERVICE_CODES = tuple(load_services(Path(__file__).resolve().parents[1] / "rules"))
MAX_BYTES = 900_000
DISTRICTS = 12
SUBDISTRICTS = 8
SCHOOLS_PER_SUBDISTRICT = 6
NATIONAL_BODIES = 100
EXTRA_MOUS_PER_PROVINCE = 1_465

PROVINCIAL = [  # (kind, services given from the whole province)
    ("social_development_office", ["disability_registration", "housing_repair", "child_protection"]),
    ("education_office", ["school_enrolment", "scholarship"]),
    ("public_health_office", ["medical_care"]),
    ("child_shelter", ["child_protection"]),
    ("employment_office", ["job_placement"]),
    ("non_formal_education", ["non_formal_enrolment", "vocational_training"]),
    ("local_administration_office", []),
    ("provincial_administration", ["housing_repair", "learning_supplies"]),
    ("skill_development", ["vocational_training"]),
    ("vocational_college", ["vocational_training"]),
    ("monastic_school", ["monastic_school_placement"]),
    ("welfare_school", ["welfare_school_placement", "school_enrolment"]),
    ("hospital", ["medical_care"]),
    ("foundation", ["scholarship", "learning_supplies"]),
    ("foundation", ["child_protection"]),
    ("company", ["job_placement", "vocational_training"]),
    ("company", ["vocational_training"]),
    ("funder", ["scholarship"]),
    ("learning_centre", ["non_formal_enrolment"]),
    ("education_office", ["school_enrolment"]),
]
PER_DISTRICT = [
    ("non_formal_education", ["non_formal_enrolment", "vocational_training"]),
    ("child_development_centre", ["early_childhood_enrolment"]),
    ("hospital", ["medical_care"]),
    ("learning_centre", ["non_formal_enrolment", "learning_supplies"]),
    ("welfare_school", ["welfare_school_placement"]),
    ("foundation", ["child_protection", "scholarship"]),
    ("local_government", ["housing_repair", "disability_registration"]),
]
AGES = {
    "vocational_training": (15, None),
    "job_placement": (15, None),
    "non_formal_enrolment": (15, None),
    "early_childhood_enrolment": (2, 5),
    "school_enrolment": (6, 18),
    "child_protection": (0, 18),
}


class Writer:
    """Collects records and writes them in JSON files kept under MAX_BYTES."""

    def __init__(self, out: Path, key: str, name: str) -> None:
        self.out, self.key, self.name = out, key, name
        self.records: list[str] = []
        self.size = 0
        self.files = 0

    def add(self, record: dict[str, Any]) -> None:
        text = json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        if self.size + len(text.encode()) + 64 > MAX_BYTES:
            self.flush()
        self.records.append(text)
        self.size += len(text.encode()) + 2

    def flush(self) -> None:
        if self.records:
            path = self.out / self.key / f"{self.name}-{self.files:02d}.json"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text('{"' + self.key + '":[\n' + ",\n".join(self.records) + "\n]}\n", encoding="utf-8")
            self.files += 1
        self.records, self.size = [], 0


def service(code: str, area: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"code": code}
    low, high = AGES.get(code, (None, None))
    if low is not None or high is not None:
        out["eligibility"] = {k: v for k, v in (("min_age", low), ("max_age", high)) if v is not None}
    if area:
        out["service_area"] = area
    return out


def organization(oid: str, kind: str, province: str, area: str, codes: list[str], **place: str) -> dict[str, Any]:
    return {
        "id": oid,
        "name": {"th": f"หน่วยงานสมมติ {oid}", "en": f"Synthetic {kind} {oid}"},
        "kind": kind,
        "province": province,
        **place,
        "service_area": area,
        "services": [service(c) for c in codes],
    }


class Mous:
    def __init__(self, writer: Writer, rng: random.Random) -> None:
        self.writer, self.rng, self.count = writer, rng, 0

    def add(self, parties: list[str], hours: float | None = None) -> None:
        rng = self.rng
        self.count += 1
        codes: Any = "all" if rng.random() < 0.3 else rng.sample(SERVICE_CODES, rng.randint(1, 4))
        expires = date(2027, 6, 1) + timedelta(days=rng.randint(0, 5 * 365))
        self.writer.add(
            {
                "id": f"mou-{self.count}",
                "parties": parties,
                "services": codes,
                "signed": "2025-01-01",
                "expires": expires.isoformat(),
                "hours": hours
                if hours is not None
                else round(rng.choice([1, 2, 4, 6, 8, 12, 24, 48]) * rng.uniform(0.5, 1.5), 1),
                "reference": "synthetic",
            }
        )


NATIONAL_KINDS = [
    ("foundation", ["scholarship", "learning_supplies"]),
    ("company", ["job_placement", "vocational_training"]),
    ("funder", ["scholarship"]),
    ("foundation", ["child_protection", "medical_care"]),
]


def generate(out: Path, seed: int = 7, first: int | None = None) -> dict[str, int]:
    """The national network (``first``: the first N provinces only)."""
    rng = random.Random(seed)
    mou_writer = Writer(out, "mous", "all")
    mous = Mous(mou_writer, rng)
    national_ids = [f"th-national-{i:03d}" for i in range(NATIONAL_BODIES)]
    nat = Writer(out, "organizations", "national")
    for i, oid in enumerate(national_ids):
        kind, codes = NATIONAL_KINDS[i % len(NATIONAL_KINDS)]
        nat.add(organization(oid, kind, "TH-10", "national", codes))
    nat.flush()
    orgs_total = len(national_ids)
    for code in [p.code for p in provinces()][:first]:
        orgs_total += province(out, code, mous, national_ids)
    mou_writer.flush()
    return {"organizations": orgs_total, "mous": mous.count}


def province(out: Path, code: str, mous: Mous, national_ids: list[str]) -> int:
    """Write one province's organizations and MOUs; returns how many organizations."""
    p = "p" + code[3:].lower()
    writer = Writer(out, "organizations", p)
    cms = [f"{p}-cm-unit", f"{p}-cm-unit-2"]
    core = f"{p}-core-team"
    for cm in cms:
        writer.add(organization(cm, "case_management", code, "province", []))
        mous.add([cm, core], 2)
    writer.add(organization(core, "core_team", code, "province", []))
    everyone = [*cms, core]
    for i, (kind, codes) in enumerate(PROVINCIAL):
        oid = f"{p}-office-{i:02d}"
        everyone.append(oid)
        writer.add(organization(oid, kind, code, "province", codes, district=districts(code)[0].en))
        for party in (core, *cms):
            mous.add([party, oid])
    for d in range(DISTRICTS):
        everyone.extend(district(writer, mous, code, p, d, leads=(core, *cms)))
    for _ in range(EXTRA_MOUS_PER_PROVINCE):
        mous.add(mous.rng.sample(everyone, 2))
    for oid in national_ids:
        mous.add([oid, core], 24)
    writer.flush()
    return len(everyone)


def _subdistrict_text(place: Subdistrict, among: tuple[Subdistrict, ...]) -> str:
    """The Thai name, or the DOPA code when another subdistrict of the district has that name."""
    return place.code if sum(s.th == place.th for s in among) > 1 else place.th


def district(writer: Writer, mous: Mous, code: str, p: str, d: int, *, leads: tuple[str, ...]) -> list[str]:
    """One district slot: its district-level bodies, and per subdistrict a local government and schools."""
    every = districts(code)
    real: District = every[d % len(every)]
    name = real.en if sum(x.en == real.en for x in every) == 1 else real.th  # two Bang Sai in Ayutthaya
    tambons = subdistricts(real.code)
    district_orgs = []
    for j, (kind, codes) in enumerate(PER_DISTRICT):
        oid = f"{p}-d{d:02d}-{j}"
        district_orgs.append(oid)
        writer.add(organization(oid, kind, code, "district", codes, district=name))
        for lead in leads:
            mous.add([lead, oid])
    made = list(district_orgs)
    for s in range(SUBDISTRICTS):
        subdistrict = _subdistrict_text(tambons[s % len(tambons)], tambons)
        local = f"{p}-d{d:02d}-s{s}-local"
        local_codes = ["housing_repair", "disability_registration", "early_childhood_enrolment"]
        writer.add(organization(local, "local_government", code, "subdistrict", local_codes, district=name,
                                subdistrict=subdistrict))  # fmt: skip
        made.append(local)
        for cm in leads[1:]:
            mous.add([cm, local])
        for other in district_orgs:
            mous.add([local, other])
        for k in range(SCHOOLS_PER_SUBDISTRICT):
            school = f"{p}-d{d:02d}-s{s}-school-{k}"
            area = "subdistrict" if k % 2 else "district"
            writer.add(organization(school, "school", code, area, ["school_enrolment", "learning_supplies"],
                                    district=name, subdistrict=subdistrict))  # fmt: skip
            made.append(school)
            mous.add([local, school])
            mous.add([district_orgs[0], school])
    return made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out" / "national")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--provinces", type=int, default=None, help="write the first N provinces only (default: all)")
    args = parser.parse_args()
    counts = generate(args.out, args.seed, args.provinces)
    files = list(args.out.rglob("*.json"))
    print(
        f"wrote {counts['organizations']:,} organizations and {counts['mous']:,} MOUs in {len(files)} files "
        f"(largest {max(f.stat().st_size for f in files):,} bytes) to {args.out}"
    )


if __name__ == "__main__":
    main()
