// The permanent notice under the map about schematic boundaries and demo data.
export interface NoticeProps {
  text: string | null;
}

export function Notice({ text }: NoticeProps) {
  if (!text) return null;
  return (
    <div className="notice" role="note" data-testid="data-notice">
      <span className="notice-icon" aria-hidden>
        !
      </span>
      <span>{text}</span>
    </div>
  );
}
