// The end of an edit form: its error (if any), 取消 and 保存 (disabled while saving).
export function FormFooter({ error, busy, onCancel }: { error: string | null; busy: boolean; onCancel: () => void }) {
  return (
    <>
      {error && <p className="login-error" role="alert">{error}</p>}
      <div className="registry-actions">
        <button type="button" className="secondary-button" onClick={onCancel} disabled={busy}>取消</button>
        <button type="submit" className="primary-button" disabled={busy}>{busy ? '正在保存…' : '保存'}</button>
      </div>
    </>
  );
}
