Feature: Nakhon Ratchasima: from the iSEE list back to learning
  Non-formal education teachers take the iSEE list to the field and bring those ready to study straight
  back into non-formal education; volunteer case managers and the multidisciplinary team plan the rest:
  back to school, skill training, jobs and start-up funds, or treatment first. 41 children of school age
  who had never been to school were sent to child development centres (seed 002).

  Background:
    Given the date is 2026-08-03 at 10:30

  Scenario: A 17-year-old from the iSEE list goes back to learning, to work and to training
    Given a 17-year-old young man in Nakhon Ratchasima
    And who lives in district Mueang Nakhon Ratchasima, subdistrict Nai Mueang
    And who has dropped out of school
    And the child needs:
      | need                 | urgent |
      | non_formal_education |        |
      | job_placement        |        |
      | vocational_training  | no     |
    When the CM of nma-cm-unit asks for a plan
    Then the plan meets every need
    And the path for non_formal_education is nma-cm-unit → nma-nfe-mueang
    And the first candidate for job_placement is nma-employment-office
    And the first candidate for vocational_training is วิทยาลัยเทคนิคนครราชสีมา
    And the path for vocational_training goes through ทีมสหวิชาชีพ จังหวัดนครราชสีมา

  Scenario: A young woman who must be treated first is referred within 24 hours
    Given a 16-year-old young woman in Nakhon Ratchasima
    And who has dropped out of school
    And the child needs medical_treatment
    When the CM asks for a plan
    Then the plan marks medical_treatment as urgent
    And the referral for medical_treatment is due within 24 hours
    And the first candidate for medical_treatment is nma-public-health-office
    And the referral for medical_treatment meets its deadline

  Scenario: A youth found in the survey is planned for straight from the screening
    Given these survey rows:
      | case_ref | age | sex  | province          | district                 | subdistrict | enrolled |
      | NMA-0417 | 19  | male | Nakhon Ratchasima | Mueang Nakhon Ratchasima | Nai Mueang  | no       |
    When the rows are screened
    And the CM asks for a plan for row NMA-0417
    Then row NMA-0417 is dropped_out and the suggested needs include non_formal_education, vocational_training
    And the plan suggests กศน. อำเภอเมืองนครราชสีมา for non_formal_education
    And the plan suggests nma-technical-college for vocational_training

  Scenario: A 4-year-old who never went to school is sent to a child development centre
    Given a 4-year-old girl in Nakhon Ratchasima
    And who lives in district Mueang Nakhon Ratchasima, subdistrict Nai Mueang
    And who has never been enrolled
    And the child needs early_childhood_education
    When the CM of nma-cm-unit asks for a plan
    Then the plan follows rule early_childhood.never_enrolled for early_childhood_education
    And the plan suggests ศูนย์พัฒนาเด็กเล็ก ในเขตอำเภอเมืองนครราชสีมา for early_childhood_education

  Scenario: An urgent housing repair outside Nai Mueang reaches the provincial administration, but not within 24 hours
    Given a 10-year-old girl in Nakhon Ratchasima
    And who lives in district Pak Chong
    And whose home is dilapidated
    And the child needs housing_repair
    When the CM asks for a plan
    Then the first candidate for housing_repair is nma-pao
    And the referral for housing_repair misses its deadline
