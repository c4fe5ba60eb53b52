import type { RiskLevel } from '@sinergi/shared';

/**
 * How the three levels look on maps, tables and charts. They differ in lightness (light, middle,
 * dark) and in pattern (plain, diagonal hatching, cross-hatching), so that a grey print or a
 * colour-blind reader still tells them apart.
 */
export const LEVEL_STYLE: Record<RiskLevel, { fill: string; ink: string; text: string; pattern: string }> = {
  low: { fill: '#d7ebcf', ink: '#4f7a43', text: '#1f3b17', pattern: 'risk-fill-low' },
  medium: { fill: '#efab3c', ink: '#6a4300', text: '#3d2600', pattern: 'risk-fill-medium' },
  high: { fill: '#a3221b', ink: '#ffffff', text: '#ffffff', pattern: 'risk-fill-high' },
};

export const RISK_LEVEL_ORDER: readonly RiskLevel[] = ['high', 'medium', 'low'];

/**
 * The fill patterns, once per page. Referenced by `url(#risk-fill-…)` from the map's paths and the
 * swatches; kept in a zero-size (not display:none, which would disable them) SVG.
 */
export function LevelPatterns() {
  return (
    <svg width="0" height="0" style={{ position: 'absolute' }} aria-hidden="true" focusable="false">
      <defs>
        <pattern id="risk-fill-low" patternUnits="userSpaceOnUse" width="8" height="8">
          <rect width="8" height="8" fill={LEVEL_STYLE.low.fill} />
          <circle cx="4" cy="4" r="0.9" fill={LEVEL_STYLE.low.ink} opacity="0.55" />
        </pattern>
        <pattern id="risk-fill-medium" patternUnits="userSpaceOnUse" width="7" height="7">
          <rect width="7" height="7" fill={LEVEL_STYLE.medium.fill} />
          <path d="M-1,1 l2,-2 M0,7 l7,-7 M6,8 l2,-2" stroke={LEVEL_STYLE.medium.ink} strokeWidth="1.3" />
        </pattern>
        <pattern id="risk-fill-high" patternUnits="userSpaceOnUse" width="7" height="7">
          <rect width="7" height="7" fill={LEVEL_STYLE.high.fill} />
          <path
            d="M-1,1 l2,-2 M0,7 l7,-7 M6,8 l2,-2 M-1,6 l2,2 M0,0 l7,7 M6,-1 l2,2"
            stroke={LEVEL_STYLE.high.ink}
            strokeWidth="1"
            opacity="0.75"
          />
        </pattern>
      </defs>
    </svg>
  );
}

/** A small filled square in a level's pattern, for legends, tables and badges. */
export function LevelSwatch({ level, size = 14 }: { level: RiskLevel; size?: number }) {
  return (
    <svg width={size} height={size} aria-hidden="true" focusable="false" style={{ flex: 'none' }}>
      <rect
        x="0.5"
        y="0.5"
        width={size - 1}
        height={size - 1}
        fill={`url(#${LEVEL_STYLE[level].pattern})`}
        stroke="#333"
        strokeWidth="1"
      />
    </svg>
  );
}
