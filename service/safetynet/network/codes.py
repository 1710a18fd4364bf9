"""The partner network's own vocabulary: the ministries.

The service codes are not here: what the network may offer is the services catalogue, ``rules/services.yaml``; nor
the provinces: they are the gazetteer's (``safetynet.places``).
"""

from __future__ import annotations

from typing import Final

#: code -> (Thai, English): the ministry (or other line of authority) an organization answers to.
MINISTRIES: Final[dict[str, tuple[str, str]]] = {
    "interior": ("กระทรวงมหาดไทย (รวมองค์กรปกครองส่วนท้องถิ่น)", "Ministry of Interior (with local governments)"),
    "education": ("กระทรวงศึกษาธิการ", "Ministry of Education"),
    "higher_education": ("กระทรวงการอุดมศึกษา วิทยาศาสตร์ วิจัยและนวัตกรรม", "Ministry of Higher Education"),
    "public_health": ("กระทรวงสาธารณสุข", "Ministry of Public Health"),
    "social_development": ("กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์", "Ministry of Social Development and Human Security"),
    "labour": ("กระทรวงแรงงาน", "Ministry of Labour"),
    "buddhism": ("สำนักงานพระพุทธศาสนาแห่งชาติ", "National Office of Buddhism"),
    "police": ("สำนักงานตำรวจแห่งชาติ", "Royal Thai Police"),
    "independent": ("หน่วยงานของรัฐที่เป็นอิสระ/องค์การมหาชน", "independent public body"),
    "none": ("ไม่สังกัดภาครัฐ (มูลนิธิ บริษัท ชุมชน)", "not government (foundation, company, community)"),
}
