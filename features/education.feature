Feature: Return to school (rules/education.yaml)
  Khon Kaen's 4-3-3-1 KK-Model refers children back to study in monastic schools (พระปริยัติธรรม),
  welfare schools (ราชประชานุเคราะห์) and network schools (seed 004); Nakhon Ratchasima brings young
  adults back through non-formal education (seed 002). When several rules fire, the plan follows the
  one with the highest priority and still lists them all.

  Scenario: A girl raised by her grandparents goes to a welfare boarding school
    Given a 12-year-old girl in Khon Kaen
    And who is at risk of dropping out
    And who lives with grandparents
    And the child needs return_to_school
    When the CM of kkn-cm-unit asks for a plan
    Then the plan follows rule education.welfare_school for return_to_school
    And the plan explains return_to_school with rule education.back_to_school
    And the service for return_to_school is welfare_school_placement
    And the first candidate for return_to_school is kkn-welfare-schools
    And the path for return_to_school is kkn-cm-unit → kkn-core-team → kkn-welfare-schools
    And the timeline for return_to_school has a short-term step within 7 days

  Scenario: A boy who dropped out is placed in a monastic school
    Given a 14-year-old boy in Khon Kaen
    And who has dropped out of school
    And who lives with parents
    And the child needs return_to_school
    When the CM asks for a plan
    Then the plan follows rule education.monastic_school for return_to_school
    And the service for return_to_school is monastic_school_placement
    And the plan suggests โรงเรียนพระปริยัติธรรม (จังหวัดขอนแก่น) for return_to_school
    And the path for return_to_school goes through kkn-core-team

  Scenario: The welfare school comes before the monastic school for a boy with no guardian
    Given a 14-year-old boy in Khon Kaen
    And who has dropped out of school
    And who has no guardian
    And the child needs return_to_school
    When the CM asks for a plan
    Then the plan follows rule education.welfare_school for return_to_school
    And the plan explains return_to_school with rule education.monastic_school
    And the plan explains return_to_school with rule education.back_to_school

  Scenario: A girl who dropped out goes back to a network school through the education office
    Given a 14-year-old girl in Khon Kaen
    And who has dropped out of school
    And who lives with parents
    And the child needs return_to_school
    When the CM asks for a plan
    Then the plan follows rule education.back_to_school for return_to_school
    And the service for return_to_school is school_enrolment
    And the first candidate for return_to_school is สำนักงานศึกษาธิการจังหวัดขอนแก่น
    And the plan does not use rule education.monastic_school for return_to_school

  Scenario: A young adult who dropped out returns through non-formal education
    Given a 19-year-old young man in Nakhon Ratchasima
    And who lives in district Mueang Nakhon Ratchasima, subdistrict Nai Mueang
    And who has dropped out of school
    And the child needs return_to_school
    When the CM asks for a plan
    Then the plan follows rule education.adult_learner for return_to_school
    And the service for return_to_school is non_formal_enrolment
    And the first candidate for return_to_school is nma-nfe-mueang
    And the plan does not use rule education.back_to_school for return_to_school

  Scenario: Before 17 July 2025 Lampang's learning-centre rule is not yet in force
    Given the date is 2025-07-01
    And a 16-year-old boy in Lampang
    And who has dropped out of school
    And the child needs return_to_school
    When the CM asks for a plan
    Then the plan does not use rule education.lampang_learning_centre for return_to_school
    And the plan follows rule education.monastic_school for return_to_school
