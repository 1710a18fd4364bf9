"""Words that rules and the partner network share: kinds of organization and levels of area.

Each has a Thai and an English label so that messages and documents can name them in both languages.
Adding a kind here makes it valid in ``rules/`` and ``graph/`` at once.
"""

from __future__ import annotations

from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field

Level = Literal["subdistrict", "district", "province", "national"]

#: From the narrowest area to the widest; the index is the "area closeness" used for ranking.
LEVELS: Final[tuple[Level, ...]] = ("subdistrict", "district", "province", "national")

LEVEL_LABELS: Final[dict[str, tuple[str, str]]] = {
    "subdistrict": ("ตำบล", "subdistrict"),
    "district": ("อำเภอ", "district"),
    "province": ("จังหวัด", "province"),
    "national": ("ประเทศ", "national"),
}

#: code -> (Thai, English)
ORGANIZATION_KINDS: Final[dict[str, tuple[str, str]]] = {
    "case_management": ("หน่วยผู้จัดการรายกรณี (CM)", "case management unit"),
    "core_team": ("ทีมแกนนำระดับจังหวัด (Core Team)", "provincial core team"),
    "school": ("โรงเรียน", "school"),
    "monastic_school": ("โรงเรียนพระปริยัติธรรม", "monastic school (Phrapariyattitham)"),
    "welfare_school": ("โรงเรียนราชประชานุเคราะห์/ศึกษาสงเคราะห์", "welfare boarding school"),
    "non_formal_education": ("สำนักงานส่งเสริมการเรียนรู้ (สกร./กศน.)", "non-formal and lifelong learning office"),
    "learning_centre": ("ศูนย์การเรียน", "alternative learning centre"),
    "child_development_centre": ("ศูนย์พัฒนาเด็กเล็ก", "child development centre"),
    "local_government": ("องค์กรปกครองส่วนท้องถิ่น (เทศบาล/อบต.)", "local government (municipality, SAO)"),
    "provincial_administration": ("องค์การบริหารส่วนจังหวัด", "provincial administrative organization"),
    "local_administration_office": ("สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด", "provincial local administration office"),
    "education_office": ("สำนักงานศึกษาธิการจังหวัด/เขตพื้นที่การศึกษา", "provincial or area education office"),
    "social_development_office": ("สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัด", "provincial social development office"),
    "child_shelter": ("บ้านพักเด็กและครอบครัว", "children and family shelter"),
    "hospital": ("โรงพยาบาล", "hospital"),
    "public_health_office": ("สำนักงานสาธารณสุขจังหวัด", "provincial public health office"),
    "skill_development": ("สถาบัน/สำนักงานพัฒนาฝีมือแรงงาน", "skill development institute"),
    "vocational_college": ("วิทยาลัยอาชีวศึกษา", "vocational college"),
    "employment_office": ("สำนักงานจัดหางานจังหวัด", "provincial employment office"),
    "foundation": ("มูลนิธิ/องค์กรการกุศล", "foundation or charity"),
    "company": ("สถานประกอบการ/บริษัท", "company"),
    "funder": ("แหล่งทุน", "funder"),
}


class Text(BaseModel):
    """A label in Thai and English."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    th: str = Field(min_length=1, max_length=300)
    en: str = Field(min_length=1, max_length=300)
