import type { RiskHistoryPoint } from '@sinergi/shared';
import { LEVEL_STYLE } from '../../map/levels.tsx';

const WIDTH = 600;
const HEIGHT = 220;
const PAD = { left: 34, right: 12, top: 12, bottom: 28 };

/**
 * A region's daily score as a plain SVG line (no chart library): the medium and high cut-offs as
 * dashed lines, each day a dot in its level's pattern, the first, middle and last dates below.
 */
export function TrendChart({
  points,
  thresholds,
  label,
  formatDay,
  formatScore,
}: {
  points: RiskHistoryPoint[];
  thresholds: { medium: number; high: number };
  label: string;
  formatDay: (day: string) => string;
  formatScore: (score: number) => string;
}) {
  const innerW = WIDTH - PAD.left - PAD.right;
  const innerH = HEIGHT - PAD.top - PAD.bottom;
  const x = (i: number) => PAD.left + (points.length <= 1 ? innerW / 2 : (i / (points.length - 1)) * innerW);
  const y = (score: number) => PAD.top + innerH - (score / 100) * innerH;
  const line = points
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(p.score).toFixed(1)}`)
    .join(' ');
  const ticks = [0, Math.floor((points.length - 1) / 2), points.length - 1].filter(
    (i, index, all) => i >= 0 && all.indexOf(i) === index,
  );

  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      width="100%"
      role="img"
      aria-label={label}
      data-testid="risk-trend"
      style={{ display: 'block', maxHeight: 260 }}
    >
      <title>{label}</title>
      {[0, 25, 50, 75, 100].map((v) => (
        <g key={v}>
          <line x1={PAD.left} x2={WIDTH - PAD.right} y1={y(v)} y2={y(v)} stroke="#e3e6ea" />
          <text x={PAD.left - 6} y={y(v) + 4} textAnchor="end" fontSize="11" fill="#5c6470">
            {v}
          </text>
        </g>
      ))}
      {(['medium', 'high'] as const).map((level) => (
        <g key={level}>
          <line
            x1={PAD.left}
            x2={WIDTH - PAD.right}
            y1={y(thresholds[level])}
            y2={y(thresholds[level])}
            stroke={level === 'high' ? LEVEL_STYLE.high.fill : LEVEL_STYLE.medium.ink}
            strokeDasharray="6 4"
            strokeWidth="1.5"
          />
          <text
            x={WIDTH - PAD.right}
            y={y(thresholds[level]) - 4}
            textAnchor="end"
            fontSize="11"
            fill={level === 'high' ? LEVEL_STYLE.high.fill : LEVEL_STYLE.medium.ink}
          >
            {formatScore(thresholds[level])}
          </text>
        </g>
      ))}
      <path d={line} fill="none" stroke="#0b3d6e" strokeWidth="2" />
      {points.map((p, i) => (
        <rect
          key={p.day}
          x={x(i) - 4}
          y={y(p.score) - 4}
          width="8"
          height="8"
          fill={`url(#${LEVEL_STYLE[p.level].pattern})`}
          stroke="#0b3d6e"
          strokeWidth="1"
          strokeDasharray={p.origin === 'live' ? '2 1' : undefined}
        >
          <title>{`${formatDay(p.day)}: ${formatScore(p.score)}`}</title>
        </rect>
      ))}
      {ticks.map((i) => {
        const point = points[i];
        return point ? (
          <text
            key={point.day}
            x={x(i)}
            y={HEIGHT - 8}
            textAnchor={i === 0 ? 'start' : i === points.length - 1 ? 'end' : 'middle'}
            fontSize="11"
            fill="#5c6470"
          >
            {formatDay(point.day)}
          </text>
        ) : null;
      })}
    </svg>
  );
}
