import { HeatmapRect } from '@visx/heatmap';
import { scaleLinear } from '@visx/scale';

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const CELL = 22;
const LEFT = 40;
const TOP = 20;

type Column = { hour: number; bins: { day: number; count: number }[] };

/** Weekday × hour activity in the claimed zone; night hours (00–06) and the 09–18 workday are marked. */
export function ActivityHeatmap({ cells, zone }: { cells: number[][]; zone: string }) {
  const columns: Column[] = Array.from({ length: 24 }, (_, hour) => ({ hour, bins: cells.map((row, day) => ({ day, count: row[hour] ?? 0 })) }));
  const max = Math.max(1, ...cells.flat());
  const color = scaleLinear<string>({ domain: [0, max], range: ['#eef3fb', '#1d4ed8'] });
  const width = LEFT + 24 * CELL + 10;
  const height = TOP + 7 * CELL + 24;
  return (
    <figure className="heatmap" aria-label={`Activity by weekday and hour, ${zone}`}>
      <svg width={width} height={height} role="img">
        <rect x={LEFT} y={TOP - 4} width={6 * CELL} height={7 * CELL + 8} fill="#fde68a" opacity={0.5} />
        <rect x={LEFT + 9 * CELL} y={TOP - 4} width={9 * CELL} height={7 * CELL + 8} fill="#bbf7d0" opacity={0.5} />
        <HeatmapRect<Column, { day: number; count: number }>
          data={columns}
          bins={(c) => c.bins}
          count={(b) => b.count}
          xScale={(i) => LEFT + i * CELL}
          yScale={(i) => TOP + i * CELL}
          colorScale={(n) => (n ? color(n) : '#ffffff')}
          binWidth={CELL}
          binHeight={CELL}
          gap={2}
        >
          {(heatmap) =>
            heatmap.map((col) =>
              col.map((cell) => (
                <rect key={`${cell.row}-${cell.column}`} x={cell.x} y={cell.y} width={cell.width} height={cell.height} fill={cell.color} stroke="#cbd5e1" strokeWidth={0.5} data-count={cell.count}>
                  <title>{`${DAYS[cell.row]} ${String(cell.column).padStart(2, '0')}:00 — ${cell.count} event${cell.count === 1 ? '' : 's'}`}</title>
                </rect>
              )),
            )
          }
        </HeatmapRect>
        {DAYS.map((d, i) => (
          <text key={d} x={LEFT - 6} y={TOP + i * CELL + CELL / 2 + 4} textAnchor="end" fontSize={11}>
            {d}
          </text>
        ))}
        {[0, 3, 6, 9, 12, 15, 18, 21].map((h) => (
          <text key={h} x={LEFT + h * CELL + 2} y={TOP + 7 * CELL + 16} fontSize={11}>
            {String(h).padStart(2, '0')}
          </text>
        ))}
      </svg>
      <figcaption className="muted">
        Local time in {zone}. Yellow: 00:00–06:00; green: the 09:00–18:00 workday. Darker cells hold more events (most: {max}).
      </figcaption>
    </figure>
  );
}
