// What each /api route reads from the request, by its schema: the path parameters, the query string
// and the JSON body. Routes parse with these same schemas; the fuzzer (server/test/fuzz.test.ts) walks
// them to make each field's edge values, and fails when a route of the app's table is missing here, so
// a new route cannot go unfuzzed. `{}`: the route reads nothing from the request.
import type { z } from 'zod';
import * as assessment from './assessment.ts';
import * as auth from './auth.ts';
import * as boundaries from './boundaries.ts';
import * as cases from './cases.ts';
import * as caseWork from './case-work.ts';
import * as coverage from './coverage.ts';
import * as documents from './documents.ts';
import * as ogc from './ogc.ts';
import * as notifications from './notifications.ts';
import * as exports from './export.ts';
import * as tokens from './tokens.ts';
import * as exportsContract from './exports.ts';
import * as outcomes from './outcomes.ts';
import { areasQuery, locateQuery, periodFilter, tileParams } from './queries.ts';
import * as registry from './registry.ts';
import * as specialties from './specialties.ts';
import * as intake from './intake.ts';
import * as reports from './reports.ts';

export interface RouteInputs {
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The body is multipart (a file and these fields), not JSON. */
  multipart?: true;
}

export const ROUTE_INPUTS: Record<string, RouteInputs> = {
  'GET /api/health': {},
  'GET /api/config': {},
  'GET /api/public/directory': {},
  'GET /api/areas': { query: areasQuery },
  'GET /api/locate': { query: locateQuery },
  'GET /api/stats/summary': { query: periodFilter },
  'GET /api/tiles/:layer/:z/:x/:y.mvt': { params: tileParams, query: periodFilter },
  'GET /api/tiles/:layer.json': { params: ogc.tileJsonParams },
  'GET /api/style.json': {},

  'GET /api/ogc': { query: ogc.ogcDocQuery },
  'GET /api/ogc/conformance': { query: ogc.ogcDocQuery },
  'GET /api/ogc/api': { query: ogc.ogcDocQuery },
  'GET /api/ogc/collections': { query: ogc.ogcDocQuery },
  'GET /api/ogc/collections/:collectionId': { params: ogc.collectionParams, query: ogc.ogcDocQuery },
  'GET /api/ogc/collections/:collectionId/items': { params: ogc.collectionParams, query: ogc.ogcItemsQuery },
  'GET /api/ogc/collections/:collectionId/items/:featureId': { params: ogc.itemParams, query: ogc.ogcItemQuery },
  'GET /api/export/:layer': { params: exports.exportParams, query: exports.exportQuery },
  'GET /api/auth/tokens': {},
  'POST /api/auth/tokens': { body: tokens.createTokenBody },
  'DELETE /api/auth/tokens/:id': { params: tokens.tokenIdParam },

  'POST /api/auth/login': { body: auth.loginBody },
  'POST /api/auth/logout': {},
  'GET /api/auth/me': {},
  'GET /api/users': {},
  'POST /api/users': { body: auth.createUserBody },
  'PATCH /api/users/:id': { params: auth.userIdParam, body: auth.updateUserBody },
  'GET /api/audit': { query: auth.auditQuery },
  'POST /api/auth/password': { body: auth.changePasswordBody },
  'GET /api/users/mediator-options': { query: auth.mediatorOptionsQuery },
  'POST /api/users/mediator-accounts': { body: auth.bulkMediatorAccountsBody },
  'POST /api/reports': { body: reports.reportBody },

  'GET /api/assessment/performance': { query: assessment.performanceQuery },
  'GET /api/assessment/export': { query: assessment.performanceQuery },
  'GET /api/assessment/trend': { query: assessment.trendQuery },
  'GET /api/dashboard': { query: assessment.dashboardQuery },
  'GET /api/dashboard/list': { query: assessment.dashboardListQuery },
  'GET /api/dashboard/list/export': { query: assessment.dashboardListExportQuery },
  'GET /api/supervision/export': { query: exportsContract.supervisionExportQuery },
  'GET /api/export/outcomes': { query: outcomes.outcomesExportQuery },
  'GET /api/judges': {},
  'GET /api/guidance': { query: assessment.guidanceListQuery },
  'PUT /api/guidance/:id/judge': { params: assessment.idParam, body: assessment.judgeAssignBody },
  'GET /api/training/sessions': { query: assessment.listPeriodQuery },
  'GET /api/training/sessions/:id': { params: assessment.idParam },
  'POST /api/training/sessions': { body: assessment.trainingSessionBody },
  'PATCH /api/training/sessions/:id': { params: assessment.idParam, body: assessment.trainingSessionPatch },
  'DELETE /api/training/sessions/:id': { params: assessment.idParam },
  'PUT /api/training/sessions/:id/attendance': { params: assessment.idParam, body: assessment.attendanceBody },
  'GET /api/training/untrained': { query: assessment.untrainedQuery },
  'GET /api/publicity/events': { query: assessment.listPeriodQuery },
  'GET /api/publicity/events/:id': { params: assessment.idParam },
  'POST /api/publicity/events': { body: assessment.publicityBody },
  'PATCH /api/publicity/events/:id': { params: assessment.idParam, body: assessment.publicityPatch },
  'DELETE /api/publicity/events/:id': { params: assessment.idParam },
  'GET /api/publicity/schools': {},
  'GET /api/publicity/enterprises': {},
  'POST /api/publicity/schools': { body: assessment.schoolBody },
  'PATCH /api/publicity/schools/:id': { params: assessment.idParam, body: assessment.schoolPatch },
  'POST /api/publicity/enterprises': { body: assessment.enterpriseBody },
  'PATCH /api/publicity/enterprises/:id': { params: assessment.idParam, body: assessment.enterprisePatch },
  'GET /api/publicity/compliance': { query: assessment.complianceQuery },

  'POST /api/boundaries/imports': { body: boundaries.uploadFields, multipart: true },
  'GET /api/boundaries/progress/:token': { params: boundaries.progressParam },
  'GET /api/boundaries/imports': { query: boundaries.versionsQuery.pick({ level: true }).partial() },
  'GET /api/boundaries/imports/:id': { params: boundaries.importIdParam },
  'GET /api/boundaries/imports/:id/geojson': { params: boundaries.importIdParam },
  'GET /api/boundaries/imports/:id/problems': { params: boundaries.importIdParam },
  'POST /api/boundaries/imports/:id/commit': { params: boundaries.importIdParam, body: boundaries.commitBody },
  'DELETE /api/boundaries/imports/:id': { params: boundaries.importIdParam },
  'GET /api/boundaries/imports/:id/changes': { params: boundaries.importIdParam },
  'GET /api/boundaries/versions': { query: boundaries.versionsQuery },

  'POST /api/cases': { body: cases.createCaseBody },
  'GET /api/cases': { query: cases.listCasesQuery },
  'GET /api/my/cases': { query: cases.listCasesQuery },
  'GET /api/cases/:id': { params: cases.caseIdParam },
  'GET /api/cases/:id/candidates': { params: cases.caseIdParam },
  'POST /api/assign/preview': { body: cases.previewBody },
  'GET /api/assign/rule': {},
  'POST /api/cases/:id/assign': { params: cases.caseIdParam, body: cases.assignBody },
  'POST /api/assign/batch': { body: cases.batchBody },
  'POST /api/cases/:id/location': { params: cases.caseIdParam, body: cases.locationBody },
  'POST /api/cases/:id/status': { params: cases.caseIdParam, body: cases.statusBody },
  'POST /api/cases/:id/extend': { params: cases.caseIdParam, body: cases.extendBody },
  'GET /api/supervision': { query: cases.supervisionQuery },
  'POST /api/cases/:id/notes': { params: cases.caseIdParam, body: cases.noteBody },
  'POST /api/cases/:id/guidance': { params: cases.caseIdParam, body: cases.guidanceBody },
  'PATCH /api/guidance/:id': { params: cases.guidanceIdParam, body: cases.guidancePatch },
  'GET /api/cases/:id/work': { params: cases.caseIdParam },
  'POST /api/cases/:id/accept': { params: cases.caseIdParam, body: caseWork.acceptBody },
  'POST /api/cases/:id/sessions': { params: cases.caseIdParam, body: caseWork.sessionBody },
  'POST /api/cases/:id/attachments': { params: cases.caseIdParam, body: caseWork.attachmentFields, multipart: true },
  'GET /api/attachments/:id': { params: caseWork.attachmentIdParam },
  'GET /api/cases/:id/documents': { params: cases.caseIdParam },
  'POST /api/cases/:id/documents/:kind': { params: documents.caseDocumentParams },
  'GET /api/cases/:id/documents/:kind/print': { params: documents.caseDocumentParams },
  'GET /api/documents/:id': { params: documents.documentIdParam },
  'GET /api/document-templates': {},
  'GET /api/document-templates/:kind/file': { params: documents.documentKindParam },
  'PUT /api/document-templates/:kind': { params: documents.documentKindParam, multipart: true },
  'DELETE /api/document-templates/:kind': { params: documents.documentKindParam },
  'POST /api/cases/:id/outcome': { params: cases.caseIdParam, body: caseWork.outcomeBody },
  'POST /api/cases/:id/judicial-confirmation': { params: cases.caseIdParam, body: caseWork.judicialBody },
  'POST /api/cases/:id/extension-requests': { params: cases.caseIdParam, body: caseWork.extensionRequestBody },
  'POST /api/extension-requests/:id/decide': { params: caseWork.extensionRequestIdParam, body: caseWork.extensionDecisionBody },
  'POST /api/guidance/:id/answer': { params: cases.guidanceIdParam, body: caseWork.guidanceAnswerBody },
  'GET /api/pending/extension-requests': { query: caseWork.pendingQuery },
  'GET /api/pending/guidance': { query: caseWork.pendingQuery },

  'GET /api/notifications': { query: notifications.notificationsQuery },
  'GET /api/notifications/unread-count': {},
  'POST /api/notifications/read-all': {},
  'POST /api/notifications/:id/read': { params: notifications.notificationIdParam },
  'GET /api/admin/sms-outbox': { query: notifications.smsOutboxQuery },

  'GET /api/coverage/units': { query: coverage.coverageParams },
  'GET /api/coverage/units.xlsx': { query: coverage.coverageParams },
  'GET /api/coverage/summary': { query: coverage.coverageParams },
  'GET /api/coverage/mediators': {},
  'POST /api/coverage/what-if': { body: coverage.whatIfBody },
  'POST /api/coverage/best-sites': { body: coverage.bestSitesBody },
  'GET /api/coverage/scenarios': {},
  'GET /api/coverage/scenarios/compare': { query: coverage.compareQuery },
  'GET /api/coverage/scenarios/:id': { params: coverage.scenarioIdParam },
  'POST /api/coverage/scenarios': { body: coverage.scenarioBody },
  'PUT /api/coverage/scenarios/:id': { params: coverage.scenarioIdParam, body: coverage.scenarioBody },
  'DELETE /api/coverage/scenarios/:id': { params: coverage.scenarioIdParam },

  'GET /api/mediators': { query: registry.mediatorsQuery },
  'GET /api/mediators/:id': { params: registry.idParam },
  'POST /api/mediators': { body: registry.mediatorBody },
  'PATCH /api/mediators/:id': { params: registry.idParam, body: registry.mediatorPatch },
  'POST /api/mediators/:id/deactivate': { params: registry.idParam, body: registry.deactivateBody },
  'DELETE /api/mediators/:id': { params: registry.idParam },
  'GET /api/organisations': { query: registry.organisationsQuery },
  'GET /api/organisations/:id': { params: registry.idParam },
  'POST /api/organisations': { body: registry.organisationBody },
  'PATCH /api/organisations/:id': { params: registry.idParam, body: registry.organisationPatch },
  'POST /api/organisations/:id/deactivate': { params: registry.idParam, body: registry.deactivateBody },
  'DELETE /api/organisations/:id': { params: registry.idParam },
  'GET /api/specialties': {},
  'POST /api/specialties': { body: specialties.specialtyBody },
  'GET /api/tribunals': {},
  'GET /api/tribunals/:id': { params: registry.idParam },
  'POST /api/tribunals': { body: registry.tribunalBody },
  'PATCH /api/tribunals/:id': { params: registry.idParam, body: registry.tribunalPatch },
  'GET /api/registry/template/:kind': { params: registry.importKindParam },
  'POST /api/registry/import/:kind/preview': { params: registry.importKindParam, multipart: true },
  'POST /api/registry/import/commit': { body: registry.importCommitBody },
  'GET /api/registry/import/problems': { query: registry.importProblemsQuery },
  'GET /api/intake-causes': {},
  'POST /api/intake-causes': { body: intake.causeBody },
  'PATCH /api/intake-causes/:id': { params: intake.causeIdParam, body: intake.causePatch },
  'DELETE /api/intake-causes/:id': { params: intake.causeIdParam },
  'POST /api/intake/upload': { multipart: true },
  'GET /api/intake/:id': { params: intake.intakeIdParam },
  'PUT /api/intake/:id/mapping': { params: intake.intakeIdParam, body: intake.mappingBody },
  'PATCH /api/intake/:id/rows/:row': { params: intake.intakeRowParam, body: intake.rowFixBody },
  'POST /api/intake/:id/commit': { params: intake.intakeIdParam, body: intake.intakeCommitBody },
  // The export reads the list's filters; it sets page and page_size itself.
  'GET /api/registry/export/:kind': { params: registry.exportKindParam, query: registry.mediatorsQuery.omit({ page: true, page_size: true }) },
};
