// The outcomes export link (GET /api/export/outcomes, issue 18 item 4): a plain download link, so the
// browser's session cookie authenticates it and the file goes straight to disk.
export interface OutcomesExportChoice {
  from: string;
  to: string;
  township?: string;
}

export function outcomesExportUrl(c: OutcomesExportChoice): string {
  const q = new URLSearchParams({ from: c.from, to: c.to, ...(c.township ? { township: c.township } : {}) });
  return `/api/export/outcomes?${q.toString()}`;
}
