Feature: Places as case managers write them (the official gazetteer)
  A CM writes a province, a district or a subdistrict in Thai, with or without อ./ต., in English, or as the
  Department of Provincial Administration's code: all reach the same place, and the plan says which place it
  read. A name that matches no place of the province is refused with the closest names; nothing is stored.
  Without a district, the province's own offices still serve the child. (Thai: features/places_thai.feature)

  Scenario Outline: A district and subdistrict written in Thai, in English or as codes route alike
    Given a 12-year-old girl in <province>
    And who lives in district <district>, subdistrict <subdistrict>
    And whose home is dilapidated
    And the child needs housing_repair
    When the CM asks for a plan
    Then the plan places the child in TH-52 / 5203 / 520301
    And the candidates for housing_repair are:
      | organization                   | area        | hours | path                                         |
      | lpg-lampang-luang-municipality | subdistrict | 4     | lpg-cm-unit → lpg-lampang-luang-municipality |
      | lpg-sdhso-office               | province    | 10    | lpg-cm-unit → lpg-core-team → lpg-sdhso-office |

    Examples:
      | province      | district        | subdistrict         |
      | Lampang       | Ko Kha          | Lampang Luang       |
      | ลำปาง         | อ.เกาะคา        | ต.ลำปางหลวง         |
      | จังหวัดลำปาง  | อำเภอ เกาะคา    | ตำบลลำปางหลวง       |
      | TH-52         | 5203            | 520301              |
      | Lampang       | Amphur Ko Kha   | Tambol Lampang Luang |
      | ลำปาง         | อ.เกาะคา จ.ลำปาง | ต.ลำปางหลวง อ.เกาะคา จ.ลำปาง |

  Scenario: A misspelt district is refused, naming the right one
    Given a 12-year-old girl in Lampang
    And who lives in district Ko Ka
    And the child needs housing_repair
    When the CM sends the case
    Then the case is refused because child.location.district names no place, and the service suggests Ko Kha

  Scenario: A district of another province is refused, naming the districts of the child's province
    Given a 12-year-old girl in Yala
    And who lives in district Ko Kha
    And the child needs housing_repair
    When the CM sends the case
    Then the case is refused because child.location.district names no place, and the service suggests Mueang Yala

  Scenario: A case without a district still gets its province's non-formal education office
    Given a 16-year-old young man in Nakhon Ratchasima
    And who has dropped out of school
    And the child needs non_formal_education
    When the CM asks for a plan
    Then the plan follows rule nonformal.out_of_school_youth for non_formal_education
    And the first candidate for non_formal_education is nma-skr-office
    And the explanation for non_formal_education says the case gives no district
    And the plan meets every need

  Scenario: A dropout in Mueang Yala is offered a school, though the schools are filed province-wide
    Given a 14-year-old girl in Yala
    And who lives in district Mueang Yala
    And who has dropped out of school
    And who lives with parents
    And the child needs return_to_school
    When the CM asks for a plan
    Then the plan follows rule education.back_to_school for return_to_school
    And the plan suggests yla-ban-katong-school for return_to_school
    And the explanation for return_to_school says serve the whole province, wider than the rule's level
    And the plan meets every need

  Scenario: An urgent child protection need of a child living with her parents reaches the shelter within 24 hours
    Given a 13-year-old girl in Khon Kaen
    And who lives with parents
    And the child needs child_protection urgently
    When the CM asks for a plan
    Then the plan follows rule protection.baseline for child_protection
    And the referral for child_protection is due within 24 hours
    And the first candidate for child_protection can be reached within 24 hours
    And the referral for child_protection meets its deadline

  Scenario: rules check refuses a rule in force from a Buddhist-era year, with the conversion
    Given a copy of the rules where housing.dilapidated_home is in force from 2567-01-01
    When the policy writer checks the rules
    Then the check refuses the draft, saying from: 2567 looks like a Buddhist-era year (พ.ศ.): write 2024-01-01
