// Loading and error states, in Chinese.
export function Loading({ text = '正在加载…' }: { text?: string }) {
  return (
    <div className="status status-loading" role="status">
      <span className="spinner" aria-hidden />
      {text}
    </div>
  );
}

export function ErrorMessage({ message, onRetry }: { message: string; onRetry?: () => void }) {
  return (
    <div className="status status-error" role="alert">
      <span>{message}</span>
      {onRetry && (
        <button type="button" className="link-button" onClick={onRetry}>
          重试
        </button>
      )}
    </div>
  );
}
