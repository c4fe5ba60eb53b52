import type { SVGProps } from 'react';

/**
 * The few line icons the shell needs, drawn on a 24-unit grid. Kept here rather than pulling in an
 * icon library for a dozen glyphs; add a path when a feature needs one.
 */
const PATHS = {
  home: 'M3 11.5 12 4l9 7.5M5.5 9.5V20h5v-6h3v6h5V9.5',
  map: 'M9 4 3 6.5v13.5l6-2.5 6 2.5 6-2.5V4l-6 2.5L9 4Zm0 0v13.5m6-11v13.5',
  users:
    'M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7Zm-6 9c0-3.3 2.7-6 6-6s6 2.7 6 6M16 4.2a3.5 3.5 0 0 1 0 6.6M18 14.3c1.8.8 3 2.6 3 5.7',
  logout: 'M14 8V5a1 1 0 0 0-1-1H5a1 1 0 0 0-1 1v14a1 1 0 0 0 1 1h8a1 1 0 0 0 1-1v-3M9 12h12m-3-3 3 3-3 3',
  search: 'M10.5 17a6.5 6.5 0 1 0 0-13 6.5 6.5 0 0 0 0 13Zm4.7-1.8L20 20',
  clock: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18Zm0-13v4.5l3 2',
  chevronRight: 'm9 6 6 6-6 6',
  userPlus:
    'M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7Zm-6 9c0-3.3 2.7-6 6-6 1.4 0 2.6.4 3.6 1.2M18 14v6m-3-3h6',
  key: 'M8 15.5a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7Zm3.5-3.5H21m-3 0v3m-3-3v2',
  dots: 'M5 12h.01M12 12h.01M19 12h.01',
  power: 'M12 3v8m5.7-5.2a8 8 0 1 1-11.4 0',
  shield: 'M12 3 5 6v5.5c0 4.5 3 7.8 7 9.5 4-1.7 7-5 7-9.5V6l-7-3Zm-3 9 2 2 4-4',
  alert:
    'M12 8v5m0 3.5h.01M10.3 4.2 2.6 17.5A2 2 0 0 0 4.3 20.5h15.4a2 2 0 0 0 1.7-3L13.7 4.2a2 2 0 0 0-3.4 0Z',
  refresh: 'M20 11a8 8 0 0 0-14.7-4.4M4 4v4h4m-4 5a8 8 0 0 0 14.7 4.4M20 20v-4h-4',
  bell: 'M6 16V11a6 6 0 1 1 12 0v5l1.5 2h-15L6 16Zm4 4a2 2 0 0 0 4 0',
  gauge: 'M3.5 18a8.5 8.5 0 1 1 17 0M12 18l4-5.5M6.8 13.2h.01M12 9.5h.01M17.2 13.2h.01',
  document: 'M6 3h8l4 4v14H6V3Zm8 0v4h4M9 11h6m-6 3.5h6M9 18h4',
  download: 'M12 4v11m-4.5-4.5L12 15l4.5-4.5M4.5 19.5h15',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({
  name,
  size = 20,
  ...props
}: { name: IconName; size?: number } & SVGProps<SVGSVGElement>) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      {...props}
    >
      <path d={PATHS[name]} />
    </svg>
  );
}

/** The Sinergi emblem: a shield with the joining arc, the same drawing as favicon.svg. */
export function Emblem({ size = 32 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 64 64" aria-hidden="true" focusable="false">
      <path d="M32 3 8 12v18c0 15.5 10.3 26.7 24 31 13.7-4.3 24-15.5 24-31V12L32 3Z" fill="#0b3d6e" />
      <path
        d="M32 3 8 12v18c0 15.5 10.3 26.7 24 31 13.7-4.3 24-15.5 24-31V12L32 3Z"
        fill="none"
        stroke="#ffffff"
        strokeOpacity=".55"
        strokeWidth="2.5"
      />
      <path
        d="M20 34.5c4.5 0 6.5-9 12-9s7.5 9 12 9"
        fill="none"
        stroke="#f2b705"
        strokeWidth="4.5"
        strokeLinecap="round"
      />
      <circle cx="32" cy="20" r="4" fill="#f2b705" />
    </svg>
  );
}
