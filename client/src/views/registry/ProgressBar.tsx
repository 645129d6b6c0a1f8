// A progress bar for anything that may take over a second: a share (0…1) or, without one, a moving
// bar with the seconds so far, so a long server check never looks stuck.
import { useEffect, useState } from 'react';

export function ProgressBar({ share, label }: { share: number | null; label: string }) {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    const started = Date.now();
    const timer = setInterval(() => setSeconds(Math.floor((Date.now() - started) / 1000)), 250);
    return () => clearInterval(timer);
  }, []);
  const pct = share === null ? null : Math.round(share * 100);
  return (
    <div className="registry-progress" role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} {...(pct !== null ? { 'aria-valuenow': pct } : {})}>
      <div className="registry-progress-track">
        <div className={pct === null ? 'registry-progress-fill indeterminate' : 'registry-progress-fill'} style={pct === null ? undefined : { width: `${pct}%` }} />
      </div>
      <span className="registry-progress-label">{label}{pct !== null ? ` ${pct}%` : ''}{seconds >= 1 ? `（已用 ${seconds} 秒）` : ''}</span>
    </div>
  );
}
