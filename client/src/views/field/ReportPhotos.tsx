// The photos of a grid report: taken with the phone's camera or picked from its gallery, sent with the
// report in one request (so offline they wait in the queue with it). The server checks each file's type
// by its first bytes and its size (ATTACHMENT_MAX_MB); here only the count is limited.
import { REPORT_MAX_PHOTOS } from '../../../../server/src/contract/reports.ts';

export function ReportPhotos({ photos, onChange }: { photos: readonly File[]; onChange: (photos: File[]) => void }) {
  const add = (list: FileList | null) => {
    if (!list) return;
    onChange([...photos, ...Array.from(list)].slice(0, REPORT_MAX_PHOTOS));
  };
  return (
    <fieldset className="field report-photos" data-testid="report-photos">
      <legend className="field-label">现场照片（可选，最多 {REPORT_MAX_PHOTOS} 张）</legend>
      {photos.length > 0 && (
        <ul className="report-photo-list">
          {photos.map((p, i) => (
            <li key={`${p.name}-${i}`}>
              <span className="report-photo-name">{p.name}（{Math.max(1, Math.round(p.size / 1024))} KB）</span>
              <button type="button" className="secondary-button" onClick={() => onChange(photos.filter((_, j) => j !== i))}>移除</button>
            </li>
          ))}
        </ul>
      )}
      {photos.length < REPORT_MAX_PHOTOS && (
        <label className="secondary-button report-photo-add">
          拍照或选择照片
          <input type="file" accept="image/jpeg,image/png,image/webp" capture="environment" multiple hidden data-testid="report-photo-input"
            onChange={(e) => { add(e.currentTarget.files); e.currentTarget.value = ''; }} />
        </label>
      )}
    </fieldset>
  );
}
