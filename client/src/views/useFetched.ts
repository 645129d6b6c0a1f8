// Fetches whenever the key changes, keeping the last answer on screen while the next one loads.
import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../api/client.ts';

export interface Fetched<T> {
  data: T | null;
  /** Key of `data`; differs from the requested key while a new answer is loading. */
  dataKey: string | null;
  loading: boolean;
  error: ApiError | null;
  reload: () => void;
}

export function useFetched<T>(key: string | null, fetcher: (signal: AbortSignal) => Promise<T>): Fetched<T> {
  const [state, setState] = useState<{ data: T | null; dataKey: string | null; error: ApiError | null; loadingKey: string | null }>({
    data: null,
    dataKey: null,
    error: null,
    loadingKey: null,
  });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (key === null) return;
    const ctrl = new AbortController();
    setState((s) => ({ ...s, error: null, loadingKey: key }));
    fetcher(ctrl.signal).then(
      (data) => {
        if (!ctrl.signal.aborted) setState({ data, dataKey: key, error: null, loadingKey: null });
      },
      (e: unknown) => {
        if (ctrl.signal.aborted) return;
        const err = e instanceof ApiError ? e : new ApiError('client_error', '数据加载失败，请稍后重试', 0);
        setState((s) => ({ ...s, error: err, loadingKey: null }));
      },
    );
    return () => ctrl.abort();
    // The fetcher is recreated each render; the key says when to fetch again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, attempt]);

  const reload = useCallback(() => setAttempt((a) => a + 1), []);
  return { data: state.data, dataKey: state.dataKey, loading: state.loadingKey !== null, error: state.error, reload };
}
