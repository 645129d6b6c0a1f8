// The migrations, listed explicitly: knex's directory loader fails on .ts files under vitest.
import type { Knex } from 'knex';
import * as postgis from './20261201_01_postgis.ts';
import * as areas from './20261201_02_areas.ts';
import * as registry from './20261201_03_registry.ts';
import * as cases from './20261201_04_cases.ts';
import * as dataset from './20261201_05_dataset.ts';
import * as auth from './20261201_06_auth.ts';
import * as dispatch from './20261201_07_dispatch.ts';
import * as registryAdmin from './20261201_08_registry.ts';
import * as boundaries from './20261201_09_boundaries.ts';
import * as planning from './20261201_10_planning.ts';
import * as assessment from './20261201_11_assessment.ts';
import * as auditTruncate from './20261201_12_audit_truncate.ts';
import * as qualifiedIndex from './20261201_13_qualified_index.ts';
import * as boundaryRevision from './20261201_14_boundary_revision.ts';
import * as sessionIdle from './20261201_15_session_idle.ts';
import * as accessTokens from './20261201_16_access_tokens.ts';
import * as fieldAccounts from './20261201_17_field_accounts.ts';
import * as caseWork from './20261201_18_case_work.ts';
import * as notifications from './20261201_19_notifications.ts';
import * as idempotencyKeys from './20261201_20_idempotency_keys.ts';
import * as locateFunction from './20261201_21_locate_function.ts';
import * as ellipsoidalArea from './20261201_23_ellipsoidal_area.ts';
import * as specialties from './20261201_24_specialties.ts';
import * as caseNumbers from './20261201_26_case_numbers.ts';
import * as intake from './20261201_27_intake.ts';
import * as documents from './20261201_28_documents.ts';
import * as deadlineFunction from './20261201_29_deadline_function.ts';
import * as boundaryProblemPoints from './20261201_30_boundary_problem_points.ts';
import * as mediatorTownship from './20261201_33_mediator_township.ts';
import * as dropOpenDeadlineIndex from './20261201_34_drop_open_deadline_index.ts';
import * as locationPrecision from './20261201_35_location_precision.ts';
import * as candidateFunction from './20261201_37_candidate_function.ts';

const MIGRATIONS: Record<string, Knex.Migration> = {
  '20261201_01_postgis': postgis,
  '20261201_02_areas': areas,
  '20261201_03_registry': registry,
  '20261201_04_cases': cases,
  '20261201_05_dataset': dataset,
  '20261201_06_auth': auth,
  '20261201_07_dispatch': dispatch,
  '20261201_08_registry': registryAdmin,
  '20261201_09_boundaries': boundaries,
  '20261201_10_planning': planning,
  '20261201_11_assessment': assessment,
  '20261201_12_audit_truncate': auditTruncate,
  '20261201_13_qualified_index': qualifiedIndex,
  '20261201_14_boundary_revision': boundaryRevision,
  '20261201_15_session_idle': sessionIdle,
  '20261201_16_access_tokens': accessTokens,
  '20261201_17_field_accounts': fieldAccounts,
  '20261201_18_case_work': caseWork,
  '20261201_19_notifications': notifications,
  '20261201_20_idempotency_keys': idempotencyKeys,
  '20261201_21_locate_function': locateFunction,
  '20261201_23_ellipsoidal_area': ellipsoidalArea,
  '20261201_24_specialties': specialties,
  '20261201_26_case_numbers': caseNumbers,
  '20261201_27_intake': intake,
  '20261201_28_documents': documents,
  '20261201_29_deadline_function': deadlineFunction,
  '20261201_30_boundary_problem_points': boundaryProblemPoints,
  '20261201_33_mediator_township': mediatorTownship,
  '20261201_34_drop_open_deadline_index': dropOpenDeadlineIndex,
  '20261201_35_location_precision': locationPrecision,
  '20261201_37_candidate_function': candidateFunction,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(MIGRATIONS),
  getMigrationName: (name) => name,
  getMigration: async (name) => MIGRATIONS[name]!,
};
