Feature: Medical treatment (rules/health.yaml)
  Some young people need treatment before anything else (Nakhon Ratchasima, seed 002); Khon Kaen's
  4-3-3-1 includes the provincial public health office (seed 004). Medical treatment is urgent by
  default: the referral is due within 24 hours.

  Scenario: An ill child is referred to the public health office within 24 hours
    Given a 10-year-old girl in Lampang
    And the child needs medical_treatment
    When the CM of lpg-cm-unit asks for a plan
    Then the plan follows rule health.baseline for medical_treatment
    And the plan marks medical_treatment as urgent
    And the referral for medical_treatment is due within 24 hours
    And the first candidate for medical_treatment is lpg-public-health-office
    And the path for medical_treatment is lpg-cm-unit → lpg-public-health-office
    And the referral for medical_treatment meets its deadline

  Scenario: A child with a disability is referred to the hospital for rehabilitation
    Given a 9-year-old boy in Nakhon Ratchasima
    And who has a registered disability
    And the child needs medical_treatment
    When the CM asks for a plan
    Then the plan follows rule health.rehabilitation for medical_treatment
    And the plan explains medical_treatment with rule health.baseline
    And the first candidate for medical_treatment is โรงพยาบาลมหาราชนครราชสีมา
    And the path for medical_treatment goes through nma-core-team
    And the referral for medical_treatment is due within 24 hours
    And the referral for medical_treatment meets its deadline
    And the timeline for medical_treatment has a long-term step within 180 days

  Scenario: A child with a disability in Tak is referred to the hospital of the provincial capital
    Given a 9-year-old girl in Tak
    And who has a registered disability
    And the child needs medical_treatment
    When the CM asks for a plan
    Then the plan follows rule health.rehabilitation for medical_treatment
    And the first candidate for medical_treatment is โรงพยาบาลสมเด็จพระเจ้าตากสินมหาราช
    And the referral for medical_treatment is due within 24 hours
    And the referral for medical_treatment meets its deadline

  Scenario: Where no hospital is in the network yet, rehabilitation is escalated to the core team
    Given a 9-year-old girl in Bangkok
    And who has a registered disability
    And the child needs medical_treatment
    When the CM asks for a plan
    Then the plan follows rule health.rehabilitation for medical_treatment
    And medical_treatment is unmet because no_partner and is escalated to bkk-core-team
    And the referral for medical_treatment misses its deadline
