// PHOTOS OF A GRID REPORT: the place for them. Photos are case attachments (another part of issue 14
// builds them: upload to the created case, type and size checked, never public). When that exists, this
// component takes the chosen files and ReportView uploads them to the case POST /api/reports created.
export function ReportPhotos() {
  return (
    <fieldset className="field report-photos" data-testid="report-photos-slot">
      <legend className="field-label">现场照片</legend>
      <p className="hint">上报后可在案件中补充照片（案件附件功能即将上线）。</p>
    </fieldset>
  );
}
