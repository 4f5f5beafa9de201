import { useEffect, useRef } from 'react';
import type uPlot from 'uplot';

// Fits a field set in the narrow inspector (240 px, styles.css).
const SIZE = { width: 200, height: 40 };

/** A tiny packets/s chart; uPlot is loaded on first use, outside the initial bundle. */
export function Sparkline({ values, label }: { readonly values: readonly number[]; readonly label: string }) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  useEffect(() => {
    let cancelled = false;
    void Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]).then(([{ default: UPlot }]) => {
      if (cancelled || host.current === null) return;
      chart.current = new UPlot(
        {
          ...SIZE,
          legend: { show: false },
          cursor: { show: false },
          axes: [{ show: false }, { show: false }],
          scales: { x: { time: false } },
          series: [{}, { stroke: 'currentColor', width: 1.5 }],
        },
        [[], []],
        host.current,
      );
    });
    return () => {
      cancelled = true;
      chart.current?.destroy();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setData([values.map((_, i) => i), [...values]]);
  }, [values]);
  return (
    <div ref={host} className="sparkline" role="img" aria-label={`${label}: ${values.at(-1)?.toFixed(1) ?? 0} now`} />
  );
}
