Feature: Vocational training (rules/vocational.yaml)
  Lampang One Team links young people with the skill development institute (สถาบันพัฒนาฝีมือแรงงาน)
  (seed 003); Nakhon Ratchasima's multidisciplinary team brings in the private sector for vocational
  training (seed 002). Referrals travel along MOUs in force on the day the CM asks.

  Scenario: A 16-year-old in Lampang trains at the skill development institute through Lampang One Team
    Given a 16-year-old boy in Lampang
    And who has dropped out of school
    And the child needs vocational_training
    When the CM of lpg-cm-unit asks for a plan
    Then the plan explains vocational_training with rule vocational.skill_development
    And the first candidate for vocational_training is สถาบันพัฒนาฝีมือแรงงาน (ลำปาง)
    And the path for vocational_training is lpg-cm-unit → lpg-core-team → lpg-skill-development-institute
    And the timeline for vocational_training has a long-term step within 120 days

  Scenario: While the old direct MOU was in force, the CM referred to the institute directly
    Given the date is 2025-06-01
    And a 16-year-old boy in Lampang
    And the child needs vocational_training
    When the CM of lpg-cm-unit asks for a plan
    Then the path for vocational_training is lpg-cm-unit → lpg-skill-development-institute
    And the first candidate for vocational_training can be reached within 4 hours

  Scenario: In Phitsanulok the technical college trains through the area-based education network
    Given a 17-year-old young woman in Phitsanulok
    And the child needs vocational_training
    When the CM asks for a plan
    Then the plan explains vocational_training with rule vocational.skill_development
    And the first candidate for vocational_training is วิทยาลัยเทคนิคพิษณุโลก
    And the path for vocational_training is plk-cm-unit → plk-core-team → plk-technical-college

  Scenario Outline: Skill training is for 15 to 24-year-olds
    Given a <age>-year-old young person in Lampang
    And the child needs vocational_training
    When the CM asks for a plan
    Then <outcome>

    Examples:
      | age | outcome                                                                      |
      | 14  | vocational_training is unmet because no_partner and is escalated to lpg-core-team |
      | 15  | the plan explains vocational_training with rule vocational.skill_development |
      | 24  | the plan explains vocational_training with rule vocational.skill_development |
