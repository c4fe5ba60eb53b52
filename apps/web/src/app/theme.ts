import { createTheme, type MantineColorsTuple } from '@mantine/core';

// The navy of Indonesian government portals, with a gold accent for the emblem.
const navy: MantineColorsTuple = [
  '#eaf1f9',
  '#d3e0ef',
  '#a6c0e0',
  '#769ed0',
  '#4e81c2',
  '#356fba',
  '#2662b2',
  '#18529c',
  '#0b3d6e',
  '#062b50',
];

export const theme = createTheme({
  primaryColor: 'navy',
  primaryShade: { light: 7, dark: 5 },
  colors: { navy },
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '700' },
  defaultRadius: 'md',
  cursorType: 'pointer',
  components: {
    TextInput: { defaultProps: { size: 'sm' } },
  },
});
