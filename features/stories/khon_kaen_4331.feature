Feature: Khon Kaen 4-3-3-1 KK-Model: monastic and welfare schools, scholarships, the Red Cross and Boys' Town
  "4": four ministries integrate at province level (interior, education, public health, social development);
  "3": case managers, community and private sector act close to the child; "3": finding, first help and
  referral; "1": the core team of education supervisors pushes the whole process. Referral destinations
  include monastic (พระปริยัติธรรม) and welfare (ราชประชานุเคราะห์) schools, the Red Cross chapter and Boys'
  Town Foundation; the "10 baht fund" helps students lacking means (seed 004).

  Background:
    Given the date is 2026-11-02

  Scenario: A boy who left school is placed in a monastic school through the core team
    Given a 15-year-old boy in Khon Kaen
    And who has dropped out of school
    And who lives with parents
    And the child needs return_to_school
    When the CM of kkn-cm-unit asks for a plan
    Then the first candidate for return_to_school is kkn-monastic-schools
    And the path for return_to_school goes through ทีมแกนนำระดับจังหวัด (Core Team) กลุ่มศึกษานิเทศก์ สำนักงานศึกษาธิการจังหวัดขอนแก่น
    And the timeline for return_to_school has a long-term step within 365 days

  Scenario: A girl raised by relatives goes to a welfare school, with a grant from the 10-baht fund
    Given a 11-year-old girl in Khon Kaen
    And who is at risk of dropping out
    And who lives with relatives
    And whose household earns 1,800 baht a month
    And the child needs:
      | need             | urgent |
      | return_to_school |        |
      | scholarship      |        |
    When the CM asks for a plan
    Then the plan meets every need
    And the first candidate for return_to_school is Ratchaprachanukhro welfare schools (taking Khon Kaen pupils)
    And the plan follows rule scholarship.khon_kaen_ten_baht_fund for scholarship
    And the first candidate for scholarship is kkn-education-office

  Scenario: The Red Cross chapter eases the cost of study
    Given a 13-year-old boy in Khon Kaen
    And who is in school
    And the child needs learning_supplies
    When the CM asks for a plan
    Then the plan suggests Khon Kaen Red Cross Chapter for learning_supplies
    And the path for learning_supplies goes through kkn-core-team

  Scenario: A boy with no guardian is protected within 24 hours
    Given a 13-year-old boy in Khon Kaen
    And who has no guardian
    And the child needs child_protection
    When the CM asks for a plan
    Then the referral for child_protection is due within 24 hours
    And the first candidate for child_protection is kkn-sdhso-office
    And the path for child_protection is kkn-cm-unit → kkn-sdhso-office
    And the referral for child_protection meets its deadline

  Scenario: A boy with no guardian can also be referred to Boys' Town
    Given a 13-year-old boy in Khon Kaen
    And who has no guardian
    And the child needs child_protection
    When the CM asks for a plan
    Then the plan suggests มูลนิธิบ้านบอยส์ทาวน์ for child_protection
